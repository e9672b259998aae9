package seed

import (
	"fmt"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// personSpec fixes what a demo person must be; generated people leave it nil.
type personSpec struct {
	key, given, surnames, cpf string
	female                    bool
	occupation                int
	income                    int // reais a month
}

// newPerson draws a personal customer: name and parents, CPF, birth date, address in a real city,
// phone with the city's area code, e-mail, occupation with a CBO code, income and patrimony.
func (g *generator) newPerson(r rng, spec *personSpec) (core.Customer, int) {
	female := r.percent(52)
	given := givenName(r, female)
	if r.percent(30) {
		given += " " + givenName(r, female)
	}
	motherSurname, fatherSurname := pick(r, surnames), pick(r, surnames)
	surnamesPart := motherSurname + " " + fatherSurname
	occ := r.IntN(len(occupations))
	var cpf string
	if spec != nil {
		female, given, surnamesPart, cpf, occ = spec.female, spec.given, spec.surnames, spec.cpf, spec.occupation
		parts := strings.Fields(spec.surnames)
		motherSurname, fatherSurname = parts[0], parts[len(parts)-1]
	} else {
		cpf = g.ids.cpf(uint64(g.next.person))
		g.next.person++
	}
	o := occupations[occ]
	income := core.Money(r.between(o.minIncome, o.maxIncome)/10*10) * 100
	if spec != nil && spec.income > 0 {
		income = core.Money(spec.income) * 100
	}
	ci := pickCity(r)
	age := r.between(19, 72)
	if r.percent(60) {
		age = r.between(25, 55)
	}
	birth := time.Date(g.o.Now.Year()-age, time.Month(r.between(1, 12)), r.between(1, 28), 0, 0, 0, 0, brt)
	since := maxTime(g.start.AddDate(-r.between(0, 12), -r.between(1, 11), -r.IntN(28)), birth.AddDate(18, 0, 0))
	sex, marital := "MASCULINO", pick(r, maritalStatuses)
	if female {
		sex = "FEMININO"
	}
	first := strings.Fields(given)[0]
	c := core.Customer{
		ID:        g.id("cus", &g.next.customer),
		Kind:      core.Personal,
		TaxID:     cpf,
		Name:      given + " " + surnamesPart,
		BirthDate: birth,
		Email:     email(r, first, fatherSurname),
		Phone:     "55" + cities[ci].ddd + "9" + fmt.Sprint(r.between(6, 9)) + r.digits(7),
		Address:   address(r, ci),
		Since:     since,
		UpdatedAt: g.o.Now.AddDate(0, 0, -r.between(1, 300)),
		Personal: &core.PersonalProfile{
			Sex:                   sex,
			MaritalStatus:         marital,
			MotherName:            givenName(r, true) + " " + motherSurname + " " + pick(r, surnames),
			FatherName:            givenName(r, false) + " " + fatherSurname + " " + pick(r, surnames),
			OccupationCode:        o.code,
			OccupationDescription: o.title,
			MonthlyIncome:         income,
			Patrimony:             income * core.Money(r.between(6, 120)),
		},
	}
	if r.percent(70) {
		employer := pick(r, g.outsiders.companies)
		c.Personal.EmployerCNPJ = employer.TaxID
	}
	if r.percent(8) {
		c.Personal.PassportNumber = "F" + strings.ToUpper(r.digits(1)) + r.digits(6)
		c.Personal.PassportCountry = "BRA"
	}
	return c, ci
}

var maritalStatuses = []string{"SOLTEIRO", "SOLTEIRO", "CASADO", "CASADO", "CASADO", "UNIAO_ESTAVEL", "DIVORCIADO", "VIUVO"}

func email(r rng, first, last string) string {
	local := ascii(first) + "." + ascii(last)
	if r.percent(60) {
		local += fmt.Sprint(r.between(1, 99))
	}
	return strings.ReplaceAll(local, " ", "") + "@" + pick(r, emailDomains)
}

func address(r rng, ci int) core.Address {
	c := cities[ci]
	return core.Address{
		Street:       pick(r, streetKinds) + " " + pick(r, streetNames),
		Number:       fmt.Sprint(r.between(1, 3200)),
		Complement:   pick(r, complements),
		District:     pick(r, districts),
		Town:         c.name,
		TownIBGECode: c.ibge,
		State:        c.uf,
		PostCode:     c.cep3 + r.digits(5),
		Country:      "BRA",
	}
}
