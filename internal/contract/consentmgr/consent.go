package consentmgr

import "encoding/json"

// ConsentPostRequest is the body of POST /consents (operation addConsent). The contract closes it
// (additionalProperties: false) and requires consentType, request, requestHeaders and tpp.
type ConsentPostRequest struct {
	RequestURL     string          `json:"requestUrl,omitempty"`
	ConsentType    ConsentType     `json:"consentType"`
	Request        json.RawMessage `json:"request"`
	RequestHeaders json.RawMessage `json:"requestHeaders"`
	PSUIdentifiers *PSUIdentifiers `json:"psuIdentifiers,omitempty"`
	AccountIDs     []string        `json:"accountIds,omitempty"`
	ConsentBody    *ConsentBody    `json:"consentBody,omitempty"`
	TPP            TPP             `json:"tpp"`
}

// ConsentPostResponse is the 201 body of POST /consents. ID is the consent manager's own uuid-v4,
// distinct from consentBody.Data.ConsentId, the id PSUs and TPPs see.
type ConsentPostResponse struct {
	ID             string          `json:"id"`
	RequestURL     string          `json:"requestUrl,omitempty"`
	ConsentType    ConsentType     `json:"consentType"`
	Request        json.RawMessage `json:"request"`
	RequestHeaders json.RawMessage `json:"requestHeaders"`
	PSUIdentifiers *PSUIdentifiers `json:"psuIdentifiers,omitempty"`
	AccountIDs     []string        `json:"accountIds,omitempty"`
	ConsentBody    *ConsentBody    `json:"consentBody,omitempty"`
	TPP            TPP             `json:"tpp"`
}

// ConsentGetResponse is a consent in its current state: the 200 body of GET /consents/{consentId} and
// an element of GET /psu/{userId}/consents. Once authorised it carries psuIdentifiers and accountIds.
// The contract closes it (additionalProperties: false) and it has no requestUrl member.
type ConsentGetResponse struct {
	ID             string          `json:"id"`
	ConsentType    ConsentType     `json:"consentType"`
	Request        json.RawMessage `json:"request"`
	RequestHeaders json.RawMessage `json:"requestHeaders"`
	ConsentBody    *ConsentBody    `json:"consentBody,omitempty"`
	TPP            TPP             `json:"tpp"`
	PSUIdentifiers *PSUIdentifiers `json:"psuIdentifiers,omitempty"`
	AccountIDs     []string        `json:"accountIds,omitempty"`
}

// ConsentsGetResponse is the 200 body of GET /psu/{userId}/consents: possibly empty, never null.
type ConsentsGetResponse []ConsentGetResponse

// PatchStatusField is the literal member name a PATCH uses to set the status.
const PatchStatusField = "consentBody.Data.Status"

// ConsentPatchRequest is the body of PATCH /consents/{consentId} (OBIEConsentPatchRequest): every
// member is optional and only those present are changed. Step 4003 sends psuIdentifiers, accountIds
// and "consentBody.Data.Status": "Authorised" together.
type ConsentPatchRequest struct {
	PSUIdentifiers           *PSUIdentifiers            `json:"psuIdentifiers,omitempty"`
	AccountIDs               []string                   `json:"accountIds,omitempty"`
	Status                   Status                     `json:"consentBody.Data.Status,omitempty"`
	SupplementaryInformation map[string]json.RawMessage `json:"supplementaryInformation,omitempty"`
}
