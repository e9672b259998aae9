package consentmgr

// ConsentType names the kind of consent ("consentType" in every body). The contract leaves the set
// to each platform instance; these are the OBIE types its description lists plus funds confirmation.
type ConsentType string

// Consent types the TecBan sandbox creates.
const (
	TypeAccountAccess                   ConsentType = "account-access-consents"
	TypeDomesticPayment                 ConsentType = "domestic-payment-consents"
	TypeFutureDatedPayment              ConsentType = "future-dated-payment-consents"
	TypeStandingOrder                   ConsentType = "standing-order-consents"
	TypeInternationalPayment            ConsentType = "international-payment-consents"
	TypeInternationalFutureDatedPayment ConsentType = "international-future-dated-payment-consents"
	TypeInternationalStandingOrder      ConsentType = "international-standing-order-consents"
	TypeFundsConfirmation               ConsentType = "funds-confirmation-consents"
)

// ConsentTypes lists the consent types above.
var ConsentTypes = []ConsentType{
	TypeAccountAccess, TypeDomesticPayment, TypeFutureDatedPayment, TypeStandingOrder,
	TypeInternationalPayment, TypeInternationalFutureDatedPayment, TypeInternationalStandingOrder,
	TypeFundsConfirmation,
}

// Known reports whether t is one of the consent types above.
func (t ConsentType) Known() bool {
	for _, k := range ConsentTypes {
		if t == k {
			return true
		}
	}
	return false
}

// SingleAccount reports whether a consent of type t names exactly one account once authorised: the
// AccountIds schema requires one element for payment consents (the debtor account) and for CBPII
// (funds confirmation) consents; account-access consents may name several.
func (t ConsentType) SingleAccount() bool {
	return t != TypeAccountAccess
}
