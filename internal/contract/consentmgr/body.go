package consentmgr

import (
	"encoding/json"
	"errors"
	"time"
)

// ConsentBody is the consent in its current state (OBIEConsentBody): the TPP's request augmented
// by the computed members of Data. The contract stores the whole payload, so the members this type
// does not name (Risk, Links, Meta …) live in Extra.
//
// SupplementaryInformation and History are this platform's additions, placed here because the
// contract lets consentBody hold any member while ConsentGetResponse itself is closed
// (additionalProperties: false): SupplementaryInformation is the merge of every PATCH's
// supplementaryInformation, History the audit trail of the consent (who changed what, when). Both are
// written only by the consent manager; a POST's values are ignored. The TPP-facing gateway must not
// copy them into its responses.
type ConsentBody struct {
	Data                     ConsentData                `json:"Data"`
	SupplementaryInformation map[string]json.RawMessage `json:"supplementaryInformation,omitempty"`
	History                  []HistoryEntry             `json:"history,omitempty"`
	Extra                    map[string]json.RawMessage `json:"-"`
}

var bodyNames = []string{"Data", "supplementaryInformation", "history"}

// MarshalJSON writes Data, the platform's members and the extra ones.
func (b ConsentBody) MarshalJSON() ([]byte, error) {
	type plain ConsentBody
	known, err := json.Marshal(plain(b))
	if err != nil {
		return nil, err
	}
	return mergeExtra(known, b.Extra, bodyNames)
}

// UnmarshalJSON reads the named members and keeps the others in Extra.
func (b *ConsentBody) UnmarshalJSON(data []byte) error {
	if !isObject(data) {
		return errors.New("consentBody must be an object")
	}
	type plain ConsentBody
	var v plain
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	extra, err := splitExtra(data, bodyNames)
	if err != nil {
		return err
	}
	*b = ConsentBody(v)
	b.Extra = extra
	return nil
}

// ConsentData is consentBody.Data: the members common to every OBIE consent, ExpirationDateTime
// (account-access and funds-confirmation consents carry one; when it has passed the consent is no
// longer usable), and in Extra the rest of the TPP's request (Permissions, Initiation …).
type ConsentData struct {
	ConsentID            string                     `json:"ConsentId,omitempty"`
	CreationDateTime     time.Time                  `json:"CreationDateTime,omitzero"`
	Status               Status                     `json:"Status,omitempty"`
	StatusUpdateDateTime time.Time                  `json:"StatusUpdateDateTime,omitzero"`
	ExpirationDateTime   time.Time                  `json:"ExpirationDateTime,omitzero"`
	Extra                map[string]json.RawMessage `json:"-"`
}

var dataNames = []string{"ConsentId", "CreationDateTime", "Status", "StatusUpdateDateTime", "ExpirationDateTime"}

// MarshalJSON writes the named members and the extra ones.
func (d ConsentData) MarshalJSON() ([]byte, error) {
	type plain ConsentData
	known, err := json.Marshal(plain(d))
	if err != nil {
		return nil, err
	}
	return mergeExtra(known, d.Extra, dataNames)
}

// UnmarshalJSON reads the named members and keeps the others in Extra.
func (d *ConsentData) UnmarshalJSON(data []byte) error {
	if !isObject(data) {
		return errors.New("consentBody.Data must be an object")
	}
	type plain ConsentData
	var v plain
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	extra, err := splitExtra(data, dataNames)
	if err != nil {
		return err
	}
	*d = ConsentData(v)
	d.Extra = extra
	return nil
}

// HistoryEntry records one change of a consent: its creation, a PATCH, or its expiry.
type HistoryEntry struct {
	// At is when the consent manager applied the change.
	At time.Time `json:"at"`
	// By names the caller: "cert:<subject DN>" for a client certificate on the mutual-TLS API, or the
	// name an in-process caller gave (e.g. "authz", "consent-manager:expiry").
	By string `json:"by"`
	// From is the status before the change (empty at creation); To the status after it, equal to From
	// when the change did not touch the status.
	From Status `json:"from,omitempty"`
	To   Status `json:"to"`
	// Changed lists the members the change set ("psuIdentifiers", "accountIds",
	// "consentBody.Data.Status", "supplementaryInformation").
	Changed []string `json:"changed,omitempty"`
	// SupplementaryInformation is what the change carried, if anything.
	SupplementaryInformation map[string]json.RawMessage `json:"supplementaryInformation,omitempty"`
}
