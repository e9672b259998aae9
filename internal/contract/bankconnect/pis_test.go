package bankconnect_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

func TestEmbeddedPISContractsAreTecBans(t *testing.T) {
	ais := sharedSpec()
	if ais == "" {
		t.Logf("WARNING: shared/tecban/openapi not found; cannot compare the embedded PIS and OBB copies")
		return
	}
	dir := filepath.Dir(ais)
	for file, got := range map[string][]byte{
		"obie-api-spec-pis.yaml":           bankconnect.PISSpec(),
		"fase3/swagger_payments_apis.yaml": bankconnect.OBBPaymentsSpec(),
	} {
		want, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("the embedded copy of %s differs from TecBan's: copy it again", file)
		}
	}
}

// TestPISBodiesValidate encodes each PIS response type and checks it against the contract's schema.
func TestPISBodiesValidate(t *testing.T) {
	doc, err := bankconnect.LoadContract(bankconnect.PISSpec())
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]any{
		"PaymentConsentValidateResponse": bankconnect.PaymentConsentValidateResponse{Data: bankconnect.PaymentConsentValidateData{
			Status: bankconnect.ValidateInvalid, Code: "VALOR_INVALIDO", Description: "the amount must be positive"}},
		"PaymentResponse": bankconnect.PaymentResponse{Data: bankconnect.GenericPaymentResponse{ID: "p1",
			Status: bankconnect.StatusAcceptedSettlementInProcess, CreationDateTime: "2026-06-30T12:00:00Z", StatusUpdateDateTime: "2026-06-30T12:00:00Z"}},
		"PaymentDetailsResponse": bankconnect.PaymentDetailsResponse{Data: []bankconnect.PaymentDetails{{ID: "p1",
			Status: bankconnect.StatusRejected, StatusUpdateDateTime: "2026-06-30T12:00:00Z",
			StatusDetails: []bankconnect.PaymentStatusDetails{{Status: bankconnect.StatusPending},
				{LocalInstrament: "DICT", Status: bankconnect.StatusRejected, StatusReason: "AM04", StatusReasonDescriptio: "saldo insuficiente"}}}}},
		"PaymentRequest": bankconnect.PaymentRequest{PaymentType: bankconnect.PaymentTypePIX, Request: json.RawMessage(`{"data":{}}`),
			RequestHeaders: json.RawMessage(`{"x-idempotency-key":"k"}`)},
		"Error": bankconnect.Error{ErrorCode: bankconnect.CodeInvalidRequest, ErrorMessage: "bad"},
	}
	for name, body := range bodies {
		b, _ := json.Marshal(body)
		var v any
		json.Unmarshal(b, &v)
		if err := doc.Components.Schemas[name].Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
			t.Errorf("%s %s does not validate: %v", name, b, err)
		}
	}
}

func TestDecimalAmount(t *testing.T) {
	cases := []struct {
		in   string
		want bankconnect.DecimalAmount
		ok   bool
	}{
		{`"100000.12"`, "100000.12", true},
		{`100000.12`, "100000.12", true},
		{`0.10`, "0.10", true}, // a float would lose the trailing zero; the text keeps it
		{`-1.00`, "-1.00", true},
		{`1e3`, "1e3", true},
		{`null`, "", true},
		{`true`, "", false},
		{`{"a":1}`, "", false},
		{`"x`, "", false},
	}
	for _, c := range cases {
		var d bankconnect.DecimalAmount
		err := json.Unmarshal([]byte(c.in), &d)
		if (err == nil) != c.ok || (c.ok && d != c.want) {
			t.Errorf("unmarshal %s = %q, %v; want %q, ok=%v", c.in, d, err, c.want, c.ok)
		}
	}
}
