package consents

import "github.com/ifconnect/ifconnect/internal/contract/consentmgr"

// Body returns the consent body as the contract shows it: the stored Data and members with the
// computed ConsentId, CreationDateTime, Status, StatusUpdateDateTime and ExpirationDateTime, plus the
// platform's supplementaryInformation and history.
func (c Consent) Body() *consentmgr.ConsentBody {
	hist := make([]consentmgr.HistoryEntry, len(c.History))
	for i, h := range c.History {
		hist[i] = consentmgr.HistoryEntry{
			At: h.At, By: h.By, From: h.From, To: h.To, Changed: h.Changed, SupplementaryInformation: h.Supplementary,
		}
	}
	return &consentmgr.ConsentBody{
		Data: consentmgr.ConsentData{
			ConsentID: c.ConsentID, CreationDateTime: c.CreatedAt, Status: c.Status,
			StatusUpdateDateTime: c.StatusUpdatedAt, ExpirationDateTime: c.ExpiresAt, Extra: c.Data,
		},
		SupplementaryInformation: c.Supplementary,
		History:                  hist,
		Extra:                    c.BodyExtra,
	}
}

// GetResponse is the consent as GET /consents/{consentId} returns it.
func (c Consent) GetResponse() consentmgr.ConsentGetResponse {
	return consentmgr.ConsentGetResponse{
		ID: c.ID, ConsentType: c.Type, Request: c.Request, RequestHeaders: c.RequestHeaders,
		ConsentBody: c.Body(), TPP: c.TPP, PSUIdentifiers: c.PSU, AccountIDs: c.AccountIDs,
	}
}

// PostResponse is the consent as POST /consents returns it.
func (c Consent) PostResponse() consentmgr.ConsentPostResponse {
	return consentmgr.ConsentPostResponse{
		ID: c.ID, RequestURL: c.RequestURL, ConsentType: c.Type, Request: c.Request,
		RequestHeaders: c.RequestHeaders, PSUIdentifiers: c.PSU, AccountIDs: c.AccountIDs,
		ConsentBody: c.Body(), TPP: c.TPP,
	}
}

// newConsentFromWire converts a POST body.
func newConsentFromWire(r consentmgr.ConsentPostRequest, by string) NewConsent {
	return NewConsent{
		RequestURL: r.RequestURL, Type: r.ConsentType, Request: r.Request, RequestHeaders: r.RequestHeaders,
		TPP: r.TPP, PSU: r.PSUIdentifiers, AccountIDs: r.AccountIDs, Body: r.ConsentBody, By: by,
	}
}

// patchFromWire converts a PATCH body.
func patchFromWire(r consentmgr.ConsentPatchRequest, by string) Patch {
	return Patch{PSU: r.PSUIdentifiers, AccountIDs: r.AccountIDs, Status: r.Status, Supplementary: r.SupplementaryInformation, By: by}
}
