package bankconnect

import "encoding/json"

// Customer is the contract's generic customer: who holds the accounts.
type Customer struct {
	ID           string   `json:"id"`
	Number       string   `json:"number"` // CPF or CNPJ, digits only
	CustomerName string   `json:"customerName"`
	CustomerType string   `json:"customerType"` // PERSONAL, BUSINESS
	Contact      *Contact `json:"contact,omitempty"`
}

// Contact is how to reach a customer.
type Contact struct {
	Email   string    `json:"email"`
	Phone   string    `json:"phone"`
	Mobile  string    `json:"mobile"`
	Address []Address `json:"address,omitempty"`
}

// Address is a postal address.
type Address struct {
	AddressType        string   `json:"addressType,omitempty"`
	Street             string   `json:"street,omitempty"`
	Building           string   `json:"building,omitempty"`
	PostCode           string   `json:"postCode,omitempty"`
	Town               string   `json:"town,omitempty"`
	CountrySubDivision string   `json:"countrySubDivision,omitempty"`
	Country            string   `json:"country,omitempty"`
	AddressLine        []string `json:"addressLine,omitempty"`
}

// CustomerResponse is the body of GET /customer (CUS-010-010). Data is nil when the PSU is no
// customer of the bank, which the bank sends as the empty object CUS-010-020 asks for.
type CustomerResponse struct {
	Data *Customer `json:"data"`
	Meta Meta      `json:"meta"`
}

// MarshalJSON writes a nil Data as {} (CUS-010-020: "an empty data object").
func (r CustomerResponse) MarshalJSON() ([]byte, error) {
	if r.Data == nil {
		return []byte(`{"data":{},"meta":{}}`), nil
	}
	type plain CustomerResponse
	return marshal(plain(r))
}

// CustomersResponse is the body of GET /accounts/{accountId}/customer (CUS-020-010).
type CustomersResponse struct {
	Data []Customer `json:"data"`
	Meta Meta       `json:"meta"`
}

// UnmarshalJSON reads the empty data object of CUS-010-020 back as a nil Data.
func (r *CustomerResponse) UnmarshalJSON(b []byte) error {
	type plain CustomerResponse
	var v plain
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	if v.Data != nil && *v.Data == (Customer{}) {
		v.Data = nil
	}
	*r = CustomerResponse(v)
	return nil
}
