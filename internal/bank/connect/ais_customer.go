package connect

import (
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// getCustomer serves GET /customer: the customer the PSU is — the customer named by
// psuIdentifiers.customerId, else the user's own person (CUS-010-010) — or the empty data object
// when the PSU is no customer of the bank (CUS-010-020).
func (s *server) getCustomer(c *call) (any, error) {
	sc, err := s.scopeOf(c.r.Context(), c)
	if err != nil {
		return nil, err
	}
	if len(sc.customers) == 0 {
		return bankconnect.CustomerResponse{}, nil
	}
	cu := toCustomer(sc.customers[0])
	return bankconnect.CustomerResponse{Data: &cu}, nil
}

// getAccountCustomer serves GET /accounts/{accountId}/customer: the holder of one of the PSU's
// accounts (CUS-020-010); an empty list when the account does not exist or is not the PSU's, so the
// call reveals nothing about other customers (CUS-020-020).
func (s *server) getAccountCustomer(c *call) (any, error) {
	out := bankconnect.CustomersResponse{Data: []bankconnect.Customer{}}
	sc, err := s.scopeOf(c.r.Context(), c)
	if err != nil {
		return nil, err
	}
	a, err := s.accountOf(c.r.Context(), c, sc, c.r.PathValue("accountId"))
	switch core.ErrorCode(err) {
	case "":
	case core.ENOTFOUND, core.EFORBIDDEN:
		return out, nil
	default:
		return nil, err
	}
	cu, err := s.Customers.Customer(c.r.Context(), a.CustomerID)
	if core.ErrorCode(err) == core.ENOTFOUND {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	out.Data = append(out.Data, toCustomer(cu))
	return out, nil
}

// toCustomer is the contract's generic Customer of a core customer.
func toCustomer(c core.Customer) bankconnect.Customer {
	out := bankconnect.Customer{ID: c.ID, Number: c.TaxID, CustomerName: c.Name, CustomerType: string(c.Kind)}
	if c.Email != "" || c.Phone != "" {
		out.Contact = &bankconnect.Contact{Email: c.Email, Phone: c.Phone, Mobile: mobile(c.Phone)}
		if a := c.Address; a.Street != "" {
			line := a.Street + ", " + a.Number
			if a.Complement != "" {
				line += ", " + a.Complement
			}
			out.Contact.Address = []bankconnect.Address{{
				AddressType: "Residential", Street: a.Street, Building: a.Number, PostCode: a.PostCode, Town: a.Town,
				CountrySubDivision: a.State, Country: a.Country, AddressLine: []string{line, a.District},
			}}
			if c.Kind == core.Business {
				out.Contact.Address[0].AddressType = "Business"
			}
		}
	}
	return out
}

// mobile returns the phone when it is a Brazilian mobile number (nine digits starting with 9 after
// the country and area codes), else "".
func mobile(phone string) string {
	if p := splitPhone(phone); p.kind == "MOVEL" {
		return phone
	}
	return ""
}

// phoneParts is an E.164 Brazilian number split as the BRCB phone schema wants it.
type phoneParts struct {
	country, area, number, kind string
}

// splitPhone splits 5511987654321 into 55, 11, 987654321 and MOVEL (FIXO for eight-digit numbers).
func splitPhone(p string) phoneParts {
	if len(p) < 12 || p[:2] != "55" {
		return phoneParts{number: p, kind: "OUTRO"}
	}
	out := phoneParts{country: "55", area: p[2:4], number: p[4:], kind: "FIXO"}
	if len(out.number) == 9 && out.number[0] == '9' {
		out.kind = "MOVEL"
	}
	return out
}
