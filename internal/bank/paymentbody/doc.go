// Package paymentbody reads the payment bodies the platform carries to the bank — the consent a TPP
// created and the payment it initiates, in either standard the Bank Connect PIS contract's generic
// envelope allows (Open Banking Brasil phase-3 PIX, UK OBIE domestic payments) — into the bank's core
// terms (core.PaymentConsent, core.PaymentRequest). It is the one place that knows those wire shapes
// on the bank's side: the PIS server uses it for POST /payments-consent/action/validate and
// POST /payments, the consent manager client for the consents it reads. Every failure is a
// core.EINVALID error whose message names the member at fault.
package paymentbody
