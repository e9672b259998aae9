// Package heimdall holds the wire types of the platform's headless authorization API ("Headless
// Heimdall", tecban/openapi/headless-heimdall-spec.yaml): GET /auth, which the bank calls with the
// TPP's authorization request parameters at step 3003, and POST /auth/{interactionId}/doConfirm and
// /doFail, which end the interaction at step 4005. The platform sandbox serves these types and the
// bank's journey sends and reads them; neither side defines its own copy, so they cannot drift.
package heimdall
