// Package journey is the bank customer's web journey of Open Banking (step 4001 of both sequence
// diagrams): the bank's /auth entry, which hands the TPP's authorization request to the platform's
// headless API; the internet-banking login (CPF, or CNPJ and representative, password, optional TOTP,
// throttled); the confirmation pages of data-sharing and payment consents, with the choice of accounts,
// cards and credit contracts and the dual approval of business customers; and the "Open Banking" area
// where a customer lists, inspects and revokes consents. It talks to the platform only through the
// Authorizer and ConsentManager interfaces (the headless and consent-manager clients of
// internal/bank/tecbanclient in production), reads bank data through core's reader interfaces, and
// keeps its sessions, login throttling, pending approvals and revocation receipts in the bank database,
// so any replica can continue any customer's journey. Pages are server-rendered in Brazilian
// Portuguese (or in English when the customer or their browser asks for it), work without
// JavaScript and carry CSRF tokens, a strict Content-Security-Policy and frame denial.
package journey
