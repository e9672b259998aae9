package core

// ConsentVerdict is the bank's answer to a payment consent's pre-save validation (step 2004,
// POST /payments-consent/action/validate): valid, or invalid with a code and a description the
// platform passes on to the TPP.
type ConsentVerdict struct {
	Valid       bool
	Code        string
	Description string
}

// Verdict codes. The Bank Connect contract leaves the code free; these are the Open Banking Brasil
// payment error codes (Pagamentos v1/v2, 422 of POST /consents and POST /pix/payments) the platform can
// forward to the TPP unchanged.
const (
	VerdictInvalidPaymentMethod = "FORMA_PAGAMENTO_INVALIDA"   // unknown payment type or local instrument
	VerdictInvalidDate          = "DATA_PAGAMENTO_INVALIDA"    // date in the past or too far ahead
	VerdictInvalidDetail        = "DETALHE_PAGAMENTO_INVALIDO" // creditor, key, account or QR code malformed or inconsistent
	VerdictInvalidAmount        = "VALOR_INVALIDO"             // amount not positive, or not in BRL
	VerdictLimitExceeded        = "VALOR_ACIMA_LIMITE"         // above the account's or the bank's limit
	VerdictInvalidAccount       = "CONTA_INVALIDA"             // the debtor account is unknown, not the PSU's, or cannot pay
	VerdictMissing              = "PARAMETRO_NAO_INFORMADO"    // a required member is missing
)

// Valid is the verdict of a consent that passed every check.
var validVerdict = ConsentVerdict{Valid: true}

func invalid(code, format string, args ...any) ConsentVerdict {
	return ConsentVerdict{Code: code, Description: Errorf(EINVALID, format, args...).Message}
}
