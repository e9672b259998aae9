package paymentbody

import (
	"errors"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// VerdictOf turns the error of reading a consent's payment terms into the validation verdict that
// explains it to the TPP (step 2004): a missing member is PARAMETRO_NAO_INFORMADO, an amount that is
// not a decimal with two places VALOR_INVALIDO, a consent type or payment type the bank does not make
// FORMA_PAGAMENTO_INVALIDA, a malformed date DATA_PAGAMENTO_INVALIDA, anything else
// DETALHE_PAGAMENTO_INVALIDO.
func VerdictOf(err error) core.ConsentVerdict {
	code := core.VerdictInvalidDetail
	var fe *fieldError
	if errors.As(err, &fe) {
		code = fe.verdict
	}
	return core.ConsentVerdict{Code: code, Description: core.ErrorMessage(err)}
}

// fieldError is a core.EINVALID error that also knows which verdict code describes it.
type fieldError struct {
	verdict string
	err     *core.Error
}

func (e *fieldError) Error() string { return e.err.Error() }
func (e *fieldError) Unwrap() error { return e.err }

func fieldErr(verdict, format string, args ...any) error {
	return &fieldError{verdict: verdict, err: core.Errorf(core.EINVALID, format, args...)}
}
