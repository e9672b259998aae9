package consentmgr

import (
	"encoding/json"
	"errors"
)

// TPP is the third party's record as the platform holds it. The sandbox fills clientId, orgId
// (the directory organisation), softwareStatementId and tppName; the platform's own examples carry more
// (tppId, obieTppId …), which Extra keeps.
type TPP struct {
	ClientID            string                     `json:"clientId,omitempty"`
	OrgID               string                     `json:"orgId,omitempty"`
	SoftwareStatementID string                     `json:"softwareStatementId,omitempty"`
	TPPName             string                     `json:"tppName,omitempty"`
	DirectoryRecord     map[string]json.RawMessage `json:"directoryRecord,omitempty"`
	Extra               map[string]json.RawMessage `json:"-"`
}

var tppNames = []string{"clientId", "orgId", "softwareStatementId", "tppName", "directoryRecord"}

// MarshalJSON writes the named members and the extra ones.
func (t TPP) MarshalJSON() ([]byte, error) {
	type plain TPP
	known, err := json.Marshal(plain(t))
	if err != nil {
		return nil, err
	}
	return mergeExtra(known, t.Extra, tppNames)
}

// UnmarshalJSON reads the named members and keeps the others in Extra.
func (t *TPP) UnmarshalJSON(data []byte) error {
	if !isObject(data) {
		return errors.New("tpp must be an object")
	}
	type plain TPP
	var v plain
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	extra, err := splitExtra(data, tppNames)
	if err != nil {
		return err
	}
	*t = TPP(v)
	t.Extra = extra
	return nil
}
