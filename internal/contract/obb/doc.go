// Package obb holds the wire types of the Open Banking Brasil phase-2 and phase-3 APIs that TPPs call
// on the TecBan platform (tecban/openapi/fase2/*.yaml and fase3/swagger_payments_apis.yaml): the
// common envelope (data, links, meta), the error body (errors[] with code, title, detail), the
// consents, resources, accounts, credit-card, customer, credit-operation and PIX payment bodies. The
// platform's gateway encodes them and the TPP client decodes them; this package has JSON tags and no
// behaviour beyond exact decimal amounts.
//
// Amounts: the specs declare amounts as JSON numbers with decimal patterns. Number carries the exact
// decimal text and writes it as a JSON number literal, so no amount ever passes through a float.
package obb
