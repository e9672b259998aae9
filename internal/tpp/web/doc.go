// Package web is the demo TPP's web application: a small fintech page with two buttons, "share my
// data" and "pay with PIX via Open Banking". Each starts a flow of package tpp (token, consent, PAR)
// and sends the customer's real browser through the redirect journey — TPP → platform → the bank's
// login and consent pages → platform → TPP — to its /callback, where the authorization response
// (in the URL fragment, for response_type code id_token) is posted back, the code exchanged and the
// APIs called; the page then shows the shared accounts, balances and transactions, or the payment
// and its status updates, with every numbered step of the diagrams.
package web
