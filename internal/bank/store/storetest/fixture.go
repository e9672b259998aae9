package storetest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// FixtureTime is the moment the fixtures describe: their newest transaction is booked just before it.
var FixtureTime = time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)

// SortNewestFirst orders transactions as core.TransactionReader returns them: by booking time, newest
// first, then by id, highest first.
func SortNewestFirst(txs []core.Transaction) {
	slices.SortFunc(txs, func(a, b core.Transaction) int {
		if c := b.BookedAt.Compare(a.BookedAt); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
}

// Fixture is a small bank that Import accepts: a person (with a login), her partner, and the company
// both represent, with checking, savings, credit-card and business accounts, a statement on each
// summing to its balance, one contract of every kind, and the UK-style standing objects.
type Fixture struct {
	Batch core.Batch

	Person  core.Customer // personal customer with User, representative of Company with every power
	Partner core.Customer // personal customer with PartnerUser, representative of Company for data sharing
	Company core.Customer // business customer

	User        core.User
	PartnerUser core.User

	Checking        core.Account // Person's; CheckingTransactions lines, funds for payments
	Savings         core.Account // Person's
	Card            core.Account // Person's credit card
	CompanyChecking core.Account // Company's

	// CheckingTransactions is the statement of Checking, newest first (the order Transactions returns).
	CheckingTransactions []core.Transaction

	Loan, Financing, InvoiceFinancing, Overdraft core.Contract
}

// NewFixture builds fixture n. Fixtures with different n have disjoint ids, tax ids and logins, so
// several can be imported into one store.
func NewFixture(n int) Fixture {
	id := func(s string) string { return fmt.Sprintf("fx%d-%s", n, s) }
	cpf := func(k int) string { return core.CompleteCPF(fmt.Sprintf("%09d", 314159000+n*10+k)) }
	cnpj := core.CompleteCNPJ(fmt.Sprintf("%08d0001", 27182000+n))
	day := func(d int) time.Time { return FixtureTime.AddDate(0, 0, -d) }

	var f Fixture
	address := core.Address{Street: "Avenida Paulista", Number: "1578", Complement: "Conjunto 12", District: "Bela Vista",
		Town: "São Paulo", TownIBGECode: "3550308", State: "SP", PostCode: "01310200", Country: "BRA"}
	f.Person = core.Customer{
		ID: id("person"), Kind: core.Personal, TaxID: cpf(1), Name: "Ana Beatriz Carvalho", SocialName: "Bia Carvalho",
		BirthDate: time.Date(1988, 3, 14, 0, 0, 0, 0, time.UTC), Email: "ana.carvalho@example.com.br", Phone: "5511987654321",
		Address: address, Since: day(2000), UpdatedAt: day(30),
		Personal: &core.PersonalProfile{Sex: "FEMININO", MaritalStatus: "CASADO", MotherName: "Maria Carvalho",
			FatherName: "João Carvalho", OccupationCode: "2124-05", OccupationDescription: "Analista de sistemas",
			MonthlyIncome: 1_250_000, Patrimony: 48_000_000, PassportNumber: "FX123456", PassportCountry: "BRA",
			EmployerCNPJ: cnpj},
	}
	f.Partner = core.Customer{
		ID: id("partner"), Kind: core.Personal, TaxID: cpf(2), Name: "Carlos Eduardo Souza",
		BirthDate: time.Date(1979, 11, 2, 0, 0, 0, 0, time.UTC), Email: "carlos.souza@example.com.br", Phone: "5521998877665",
		Address: address, Since: day(1500), UpdatedAt: day(90),
		Personal: &core.PersonalProfile{Sex: "MASCULINO", MaritalStatus: "SOLTEIRO", MotherName: "Lúcia Souza",
			MonthlyIncome: 900_000},
	}
	f.Company = core.Customer{
		ID: id("company"), Kind: core.Business, TaxID: cnpj, Name: "Carvalho & Souza Tecnologia Ltda",
		SocialName: "CS Tech", BirthDate: time.Date(2015, 5, 20, 0, 0, 0, 0, time.UTC), Email: "financeiro@cstech.example.com.br",
		Phone: "551130303030", Address: address, Since: day(1800), UpdatedAt: day(10),
		BusinessProfile: &core.BusinessProfile{TradeName: "CS Tech", EconomicActivity: "6201501",
			AnnualRevenue: 480_000_000, Patrimony: 120_000_000, DualApproval: false,
			Representatives: []core.Representative{
				{CustomerID: f.Person.ID, Name: f.Person.Name, CPF: f.Person.TaxID, Role: "ADMINISTRADOR",
					Powers: core.Powers{ShareData: true, Pay: true, PayLimit: 0, ApproveAlone: true}, Since: day(1800)},
				{CustomerID: f.Partner.ID, Name: f.Partner.Name, CPF: f.Partner.TaxID, Role: "SOCIO",
					Powers: core.Powers{ShareData: true}, Since: day(1800)},
			}},
	}
	f.User = core.User{ID: id("user-person"), Login: f.Person.TaxID, CustomerID: f.Person.ID,
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
		TOTPSecret:   "JBSWY3DPEHPK3PXP"}
	f.PartnerUser = core.User{ID: id("user-partner"), Login: f.Partner.TaxID, CustomerID: f.Partner.ID,
		PasswordHash: f.User.PasswordHash, Disabled: true}

	account := func(name, customer string, typ core.AccountType, number string) core.Account {
		return core.Account{ID: id(name), CustomerID: customer, Type: typ, SubType: core.Individual, Currency: "BRL",
			Status: core.AccountEnabled, CompeCode: "401", BranchCode: "0001", Number: number, CheckDigit: "7",
			ProductID: id("product-" + string(typ)), ProductName: "Conta " + name, OpenedAt: day(1000)}
	}
	f.Checking = account("checking", f.Person.ID, core.Checking, fmt.Sprintf("1%05d", n))
	f.Checking.Nickname = "Conta do dia a dia"
	f.Checking.Limits = core.Limits{PerPayment: 5_000_000, Overdraft: 100_000}
	f.Savings = account("savings", f.Person.ID, core.Savings, fmt.Sprintf("2%05d", n))
	f.Card = account("card", f.Person.ID, core.CreditCard, fmt.Sprintf("3%05d", n))
	f.Card.Card = &core.Card{Network: "MASTERCARD", Last4: "4242", CreditLimit: 1_500_000, BillingDay: 10}
	f.CompanyChecking = account("company-checking", f.Company.ID, core.Checking, fmt.Sprintf("4%05d", n))
	f.CompanyChecking.SubType, f.CompanyChecking.MultiAuth = core.JointSimple, true

	// Checking: a salary each month and card bills, coffees and PIX in between; 40 lines, two of them
	// booked at the same instant so the id breaks the tie.
	counter := core.Counterparty{Name: "Padaria Pão Dourado", TaxID: core.CompleteCNPJ("111222330001"),
		PersonType: "PESSOA_JURIDICA", CompeCode: "341", BranchCode: "1234", Number: "998877", CheckDigit: "1"}
	var txs []core.Transaction
	line := func(acc core.Account, k int, cd core.CreditDebit, kind core.TransactionKind, amount core.Money, at time.Time, desc string) {
		txs = append(txs, core.Transaction{ID: fmt.Sprintf("%s-tx%03d", acc.ID, k), AccountID: acc.ID,
			Reference: fmt.Sprintf("REF%s%03d", acc.Number, k), CreditDebit: cd, Status: core.Booked, Kind: kind,
			Amount: amount, Currency: "BRL", BookedAt: at, ValueAt: at, Description: desc, Counterparty: counter})
	}
	var checking core.Money
	for k := range 40 {
		at := FixtureTime.Add(-time.Duration(k)*19*time.Hour - time.Hour)
		if k == 21 {
			at = FixtureTime.Add(-20*19*time.Hour - time.Hour) // same instant as line 20
		}
		switch {
		case k%10 == 9:
			line(f.Checking, k, core.Credit, core.Salary, 650_000, at, "Salário")
			checking += 650_000
		case k%4 == 0:
			line(f.Checking, k, core.Debit, core.PIX, 12_345, at, "PIX enviado")
			checking -= 12_345
		case k%4 == 1:
			line(f.Checking, k, core.Debit, core.CardTx, 1_890, at, "Café")
			checking -= 1_890
		default:
			line(f.Checking, k, core.Credit, core.TED, 20_000, at, "TED recebida")
			checking += 20_000
		}
	}
	f.CheckingTransactions = slices.Clone(txs)
	SortNewestFirst(f.CheckingTransactions)
	line(f.Savings, 0, core.Credit, core.Transfer, 5_000_000, day(200), "Aplicação poupança")
	line(f.Savings, 1, core.Credit, core.Other, 31_250, day(170), "Rendimento")
	line(f.Card, 0, core.Debit, core.CardTx, 45_990, day(40), "Compra parcelada")
	line(f.Card, 1, core.Credit, core.Boleto, 45_990, day(20), "Pagamento de fatura")
	line(f.CompanyChecking, 0, core.Credit, core.TED, 100_000_000, day(300), "Aporte de capital")
	line(f.CompanyChecking, 1, core.Debit, core.Salary, 2_500_000, day(5), "Folha de pagamento")

	balance := func(acc core.Account, available core.Money) core.Balance {
		return core.Balance{AccountID: acc.ID, Available: available, Blocked: 1_000, AutomaticallyInvested: 0,
			OverdraftLimit: acc.Limits.Overdraft, Currency: "BRL", At: FixtureTime}
	}

	f.Loan = contract(id("loan"), f.Person.ID, core.Loan, day(400))
	f.Financing = contract(id("financing"), f.Person.ID, core.Financing, day(700))
	f.InvoiceFinancing = contract(id("invoice"), f.Company.ID, core.InvoiceFinancing, day(60))
	f.Overdraft = contract(id("overdraft"), f.Company.ID, core.UnarrangedOverdraft, day(15))

	creditor := core.Counterparty{Name: "Companhia de Luz", TaxID: core.CompleteCNPJ("333444550001"), PersonType: "PESSOA_JURIDICA",
		CompeCode: "001", BranchCode: "4321", Number: "556677", CheckDigit: "0"}
	f.Batch = core.Batch{
		Customers:    []core.Customer{f.Person, f.Partner, f.Company},
		Users:        []core.User{f.User, f.PartnerUser},
		Accounts:     []core.Account{f.Checking, f.Savings, f.Card, f.CompanyChecking},
		Transactions: txs,
		Balances: []core.Balance{balance(f.Checking, checking), balance(f.Savings, 5_031_250), balance(f.Card, 0),
			balance(f.CompanyChecking, 97_500_000)},
		Contracts: []core.Contract{f.Loan, f.Financing, f.InvoiceFinancing, f.Overdraft},
		DirectDebits: []core.DirectDebit{{ID: id("dd1"), AccountID: f.Checking.ID, MandateID: "MANDATO-1", Status: "Active",
			Name: creditor.Name, PreviousPaymentAt: day(30), PreviousPaymentAmount: 18_990, Currency: "BRL"}},
		StandingOrders: []core.StandingOrder{{ID: id("so1"), AccountID: f.Checking.ID, Frequency: "IntrvlMnthDay:01:05",
			Reference: "Aluguel", FirstPaymentAt: day(365), NextPaymentAt: FixtureTime.AddDate(0, 0, 5), Amount: 250_000,
			Currency: "BRL", Status: "Active", Creditor: creditor}},
		ScheduledPayments: []core.ScheduledPayment{{ID: id("sp1"), AccountID: f.Checking.ID, Reference: "IPVA",
			ExecuteAt: FixtureTime.AddDate(0, 1, 0), Amount: 180_000, Currency: "BRL", Creditor: creditor}},
		Beneficiaries: []core.Beneficiary{
			{ID: id("b1"), AccountID: f.Checking.ID, Reference: "Luz", Creditor: creditor},
			{ID: id("b2"), AccountID: f.CompanyChecking.ID, Reference: "Fornecedor", Creditor: counter, PixKey: counter.TaxID},
		},
		Offers: []core.Offer{{ID: id("of1"), AccountID: f.Card.ID, Type: "LimitIncrease", Description: "Aumento de limite",
			Amount: 500_000, Rate: "0.0299", StartAt: day(10), EndAt: FixtureTime.AddDate(0, 2, 0)}},
		Products: []core.Product{
			{ID: id("product-" + string(core.Checking)), Name: "Conta Corrente Ipê", Type: "PersonalCurrentAccount"},
			{ID: id("product-" + string(core.Savings)), Name: "Poupança Ipê", Type: "PersonalCurrentAccount"},
			{ID: id("product-" + string(core.CreditCard)), Name: "Cartão Ipê Mastercard", Type: "CommercialCreditCard"},
		},
	}
	return f
}

// contract builds a contract with every nested part filled in.
func contract(id, customer string, kind core.ContractKind, signed time.Time) core.Contract {
	return core.Contract{
		ID: id, CustomerID: customer, Kind: kind, ProductType: "EMPRESTIMOS", ProductSubType: "CREDITO_PESSOAL_SEM_CONSIGNACAO",
		ProductName: "Crédito " + string(kind), ContractNumber: "CT-" + id, IPOCCode: "92792126019929279212650822221989319252576",
		Currency: "BRL", Amount: 1_200_000, OutstandingBalance: 800_000, ContractDate: signed, DisbursementDate: signed.AddDate(0, 0, 1),
		SettlementDate: signed.AddDate(0, 0, 1), DueDate: signed.AddDate(2, 0, 0), FirstInstalmentDueDate: signed.AddDate(0, 1, 0),
		Periodicity: "MENSAL", Amortization: "PRICE", CET: "0.2950", ConsigneeCNPJ: "",
		InterestRates: []core.InterestRate{{TaxType: "NOMINAL", InterestRateType: "COMPOSTO", TaxPeriodicity: "AA",
			Calculation: "21/252", IndexerType: "PRE_FIXADO", PreFixedRate: "0.2400", PostFixedRate: "0.0000"}},
		Fees:       []core.ContractFee{{Name: "Tarifa de cadastro", Code: "CADASTRO", ChargeType: "UNICA", Charge: "FIXO", Amount: 15_000}},
		Charges:    []core.FinanceCharge{{Type: "MULTA_ATRASO_PAGAMENTO", Rate: "0.0200"}},
		Warranties: []core.Warranty{{Type: "ALIENACAO_FIDUCIARIA", SubType: "VEICULOS", Currency: "BRL", Amount: 2_000_000}},
		Instalments: core.Instalments{TypeTotal: "MES", Total: 24, TypeRemaining: "MES", Remaining: 16, Paid: 8, Due: 16, PastDue: 0,
			Balloons: []core.Balloon{{DueDate: signed.AddDate(1, 0, 0), Amount: 100_000}}},
		Releases: []core.Release{{ID: id + "-r1", InstalmentID: "1", PaidDate: signed.AddDate(0, 1, 0), Amount: 61_000, Currency: "BRL",
			Fees:    []core.ReleaseFee{{Name: "Tarifa de cadastro", Code: "CADASTRO", Amount: 15_000}},
			Charges: []core.ReleaseCharge{{Type: "JUROS_MORA_ATRASO", AdditionalInfo: "1 dia", Amount: 120}}}},
	}
}
