package gateway

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/obb"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

// The data-sharing consents API (fase2/swagger_consents_apis.yaml), called with a client_credentials
// token with the consents scope: the TPP lodges a consent (step 1000 of fluxo_compartilhamento.png),
// reads it and revokes it.

var (
	consentIDPattern = regexp.MustCompile(`^urn:[a-zA-Z0-9][a-zA-Z0-9-]{0,31}:[a-zA-Z0-9()+,\-.:=@;$_!*'%/?#]+$`)
	cpfPattern       = regexp.MustCompile(`^\d{11}$`)
	cnpjPattern      = regexp.MustCompile(`^\d{14}$`)
	// dateTimePattern is the specs' "zulu" date-time: RFC 3339 in UTC to the second, 20 characters.
	dateTimePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
)

// createConsent serves POST /open-banking/consents/v1/consents.
func (g *gateway) createConsent(c *call) (int, any, error) {
	raw, err := g.readBody(c.r)
	if err != nil {
		return 0, nil, err
	}
	var req obb.CreateConsent
	if err := decodeStrict(raw, &req); err != nil {
		return 0, nil, err
	}
	times, err := g.validateConsentRequest(req)
	if err != nil {
		return 0, nil, err
	}
	d := req.Data
	extra := map[string]json.RawMessage{}
	put := func(k string, v any) {
		b, _ := json.Marshal(v) // plain strings and structs
		extra[k] = b
	}
	put("permissions", d.Permissions)
	put("loggedUser", d.LoggedUser)
	if d.BusinessEntity != nil {
		put("businessEntity", d.BusinessEntity)
	}
	if d.TransactionFromDateTime != "" {
		put("transactionFromDateTime", d.TransactionFromDateTime)
	}
	if d.TransactionToDateTime != "" {
		put("transactionToDateTime", d.TransactionToDateTime)
	}
	cs, err := g.consents.Create(c.r.Context(), consents.NewConsent{
		RequestURL: selfURL(c.r), Type: consentmgr.TypeAccountAccess, Request: raw, RequestHeaders: requestHeaders(c.r),
		TPP:  tppOf(c),
		Body: &consentmgr.ConsentBody{Data: consentmgr.ConsentData{ExpirationDateTime: times.expires, Extra: extra}},
		By:   "gateway:" + c.client.ID,
	})
	if err != nil {
		return 0, nil, consentError(err)
	}
	g.log.InfoContext(c.r.Context(), "consent created", "consent", cs.ConsentID, "client", c.client.ID, "interactionId", interactionID(c.r.Context()))
	return http.StatusCreated, g.consentResponse(c.r, cs, selfURL(c.r)+"/"+cs.ConsentID), nil
}

// consentTimes are a consent request's parsed dates.
type consentTimes struct {
	expires, from, to time.Time
}

// validateConsentRequest checks what CreateConsent requires beyond its JSON shape: loggedUser's CPF,
// businessEntity's CNPJ, permissions in complete groups, dates in the zulu form, an expiry in the
// future and a transaction period that is not reversed.
func (g *gateway) validateConsentRequest(req obb.CreateConsent) (consentTimes, error) {
	var t consentTimes
	d := req.Data
	if d == nil {
		return t, badRequest(codeInvalidBody, "data is required")
	}
	if d.LoggedUser == nil || d.LoggedUser.Document == nil {
		return t, badRequest(codeInvalidBody, "data.loggedUser.document is required")
	}
	if doc := d.LoggedUser.Document; !cpfPattern.MatchString(doc.Identification) || doc.Rel != "CPF" {
		return t, badRequest(codeInvalidBody, "data.loggedUser.document must be a CPF: identification of 11 digits, rel \"CPF\"")
	}
	if d.BusinessEntity != nil {
		doc := d.BusinessEntity.Document
		if doc == nil || !cnpjPattern.MatchString(doc.Identification) || doc.Rel != "CNPJ" {
			return t, badRequest(codeInvalidBody, "data.businessEntity.document must be a CNPJ: identification of 14 digits, rel \"CNPJ\"")
		}
	}
	if err := checkPermissions(d.Permissions); err != nil {
		return t, err
	}
	var err error
	for _, f := range []struct {
		name, v string
		dst     *time.Time
	}{
		{"expirationDateTime", d.ExpirationDateTime, &t.expires},
		{"transactionFromDateTime", d.TransactionFromDateTime, &t.from},
		{"transactionToDateTime", d.TransactionToDateTime, &t.to},
	} {
		if f.v == "" {
			continue
		}
		if *f.dst, err = parseZulu(f.v); err != nil {
			return t, badRequest(codeInvalidDate, "data.%s must be an RFC 3339 UTC date-time such as 2021-05-21T08:30:00Z", f.name)
		}
	}
	now := g.now()
	if !t.expires.IsZero() && !t.expires.After(now) {
		return t, badRequest(codeInvalidDate, "data.expirationDateTime must be in the future")
	}
	if !t.expires.IsZero() && t.expires.After(now.AddDate(1, 0, 0)) {
		return t, badRequest(codeInvalidDate, "data.expirationDateTime may be at most 12 months ahead")
	}
	if !t.from.IsZero() && !t.to.IsZero() && t.to.Before(t.from) {
		return t, badRequest(codeInvalidDate, "data.transactionToDateTime is before data.transactionFromDateTime")
	}
	return t, nil
}

// parseZulu parses the specs' zulu date-time.
func parseZulu(s string) (time.Time, error) {
	if !dateTimePattern.MatchString(s) {
		return time.Time{}, errBadDate
	}
	return time.Parse(time.RFC3339, s)
}

var errBadDate = badRequest(codeInvalidDate, "malformed date-time")

// getConsent serves GET /open-banking/consents/v1/consents/{consentId}.
func (g *gateway) getConsent(c *call) (int, any, error) {
	cs, err := g.ownConsent(c, consentmgr.TypeAccountAccess)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, g.consentResponse(c.r, cs, selfURL(c.r)), nil
}

// deleteConsent serves DELETE /open-banking/consents/v1/consents/{consentId}: the consent ends
// (Revoked when it was Authorised, Rejected while it awaited authorisation) and the consent manager's
// listeners revoke its tokens; RevokeTokens, when set, does it again for certainty. A consent already
// ended answers 204 too.
func (g *gateway) deleteConsent(c *call) (int, any, error) {
	cs, err := g.ownConsent(c, consentmgr.TypeAccountAccess)
	if err != nil {
		return 0, nil, err
	}
	for attempt := 0; !cs.Status.Final() && attempt < 3; attempt++ {
		to := consentmgr.StatusRevoked
		if cs.Status == consentmgr.StatusAwaitingAuthorisation {
			to = consentmgr.StatusRejected
		}
		info := map[string]json.RawMessage{"reason": json.RawMessage(`"RevokedByTPP"`)}
		next, err := g.consents.Transition(c.r.Context(), cs.ID, to, "gateway:"+c.client.ID, info)
		if err == nil {
			cs = next
			break
		}
		if code := consents.ErrorCode(err); code != consents.ECONFLICT && code != consents.ETRANSITION {
			return 0, nil, consentError(err)
		}
		if cs, err = g.consents.Get(c.r.Context(), cs.ID); err != nil {
			return 0, nil, consentError(err)
		}
	}
	if g.revokeTokens != nil {
		if err := g.revokeTokens(c.r.Context(), cs.ConsentID); err != nil {
			return 0, nil, internal(err)
		}
	}
	g.log.InfoContext(c.r.Context(), "consent revoked by the TPP", "consent", cs.ConsentID, "status", cs.Status, "client", c.client.ID)
	return http.StatusNoContent, nil, nil
}

// ownConsent loads the consent of the path for its owner: 400 for a malformed id, 404 when there is
// none of that type, 403 when it is another client's.
func (g *gateway) ownConsent(c *call, typ consentmgr.ConsentType) (consents.Consent, error) {
	id := c.r.PathValue("consentId")
	if len(id) > 256 || !consentIDPattern.MatchString(id) {
		return consents.Consent{}, badRequest(codeInvalidParameter, "consentId must be a URN (urn:<namespace>:<id>)")
	}
	cs, err := g.consents.Get(c.r.Context(), id)
	if err != nil {
		return consents.Consent{}, consentError(err)
	}
	if cs.ConsentID != id || (cs.Type == consentmgr.TypeAccountAccess) != (typ == consentmgr.TypeAccountAccess) {
		return consents.Consent{}, notFound("no consent %s", id)
	}
	if cs.TPP.ClientID != c.client.ID {
		return consents.Consent{}, forbidden("the consent belongs to another client")
	}
	return cs, nil
}

// consentError maps the consent manager's errors.
func consentError(err error) error {
	switch consents.ErrorCode(err) {
	case consents.ENOTFOUND:
		return notFound("%s", consents.ErrorMessage(err))
	case consents.EINVALID:
		return badRequest(codeInvalidBody, "%s", clip(consents.ErrorMessage(err), 500))
	case consents.ETRANSITION, consents.ECONFLICT, consents.EEXPIRED:
		return unprocessable("ESTADO_CONSENTIMENTO_INVALIDO", "Estado do consentimento inválido", "%s", clip(consents.ErrorMessage(err), 500))
	}
	return internal(err)
}

// consentResponse is ResponseConsent for cs.
func (g *gateway) consentResponse(r *http.Request, cs consents.Consent, self string) obb.Response[obb.ConsentData] {
	d := obb.ConsentData{
		ConsentID: cs.ConsentID, CreationDateTime: obb.DateTime(cs.CreatedAt), Status: dataConsentStatus(cs.Status),
		StatusUpdateDateTime: obb.DateTime(cs.StatusUpdatedAt), Permissions: permissionsOf(cs),
	}
	if !cs.ExpiresAt.IsZero() {
		d.ExpirationDateTime = obb.DateTime(cs.ExpiresAt)
	}
	d.TransactionFromDateTime = stringMember(cs.Data, "transactionFromDateTime")
	d.TransactionToDateTime = stringMember(cs.Data, "transactionToDateTime")
	return obb.Response[obb.ConsentData]{Data: d, Links: obb.Links{Self: self},
		Meta: obb.Meta{TotalRecords: 1, TotalPages: 1, RequestDateTime: obb.DateTime(g.now())}}
}

// dataConsentStatus maps the consent manager's status to the consents API's enum, which has no
// revoked or consumed state: an ended consent is REJECTED.
func dataConsentStatus(s consentmgr.Status) string {
	switch s {
	case consentmgr.StatusAuthorised:
		return obb.ConsentAuthorised
	case consentmgr.StatusAwaitingAuthorisation:
		return obb.ConsentAwaitingAuthorisation
	}
	return obb.ConsentRejected
}

func stringMember(m map[string]json.RawMessage, k string) string {
	var s string
	if raw, ok := m[k]; ok {
		json.Unmarshal(raw, &s)
	}
	return s
}

// requestHeaders keeps the TPP's request headers the consent manager stores with the consent: the
// FAPI ones and the idempotency key, never the token.
func requestHeaders(r *http.Request) json.RawMessage {
	h := map[string]string{}
	for _, name := range []string{headerInteractionID, headerAuthDate, headerCustomerIP, headerUserAgent, headerIdempotency, headerJWSSignature, "content-type"} {
		if v := r.Header.Get(name); v != "" {
			h[name] = v
		}
	}
	h[headerInteractionID] = interactionID(r.Context())
	b, _ := json.Marshal(h)
	return b
}

// tppOf is the consent manager's record of the calling TPP.
func tppOf(c *call) consentmgr.TPP {
	return consentmgr.TPP{ClientID: c.client.ID, OrgID: c.client.OrganisationID, SoftwareStatementID: c.client.SoftwareStatementID,
		TPPName: strings.TrimSpace(c.client.Name)}
}
