package consents

// routes lays out the Consent Manager API, one line per operation of consent-manager-spec.yaml
// (operationId and the step of the data-sharing flow, tecban/images/fluxo_compartilhamento.png, that
// calls it). The method-less patterns catch the other methods of each path (a pattern with a method
// is more specific and wins), so a wrong method or path is answered in the contract's error format.
func (h *handler) routes() {
	h.mux.Handle("POST /consents", h.handleCreate())                // addConsent: the gateway lodges a TPP's consent (2000)
	h.mux.Handle("GET /consents/{consentId}", h.handleGet())        // getConsentsByConsentId: the bank reads it (3005/3006)
	h.mux.Handle("PATCH /consents/{consentId}", h.handlePatch())    // patchConsent: authorise, reject, revoke (4003/4004)
	h.mux.Handle("GET /psu/{userId}/consents", h.handleListByPSU()) // getConsents: the PSU's consents, ?consentType=

	h.mux.Handle("/consents", methodNotAllowed("POST"))
	h.mux.Handle("/consents/{consentId}", methodNotAllowed("GET, HEAD, PATCH"))
	h.mux.Handle("/psu/{userId}/consents", methodNotAllowed("GET, HEAD"))
	h.mux.Handle("/", notFound())
}
