package consentmgr

import (
	"encoding/json"
	"errors"
)

// PSUIdentifiers identifies the customer (PSU) a consent belongs to. The contract requires userId
// and lets the bank add members of its own, which Extra keeps.
type PSUIdentifiers struct {
	UserID string                     `json:"userId"`
	Extra  map[string]json.RawMessage `json:"-"`
}

var psuNames = []string{"userId"}

// MarshalJSON writes userId and the extra members.
func (p PSUIdentifiers) MarshalJSON() ([]byte, error) {
	type plain PSUIdentifiers
	known, err := json.Marshal(plain(p))
	if err != nil {
		return nil, err
	}
	return mergeExtra(known, p.Extra, psuNames)
}

// UnmarshalJSON reads userId and keeps the other members in Extra.
func (p *PSUIdentifiers) UnmarshalJSON(data []byte) error {
	if !isObject(data) {
		return errors.New("psuIdentifiers must be an object")
	}
	type plain PSUIdentifiers
	var v plain
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	extra, err := splitExtra(data, psuNames)
	if err != nil {
		return err
	}
	*p = PSUIdentifiers(v)
	p.Extra = extra
	return nil
}
