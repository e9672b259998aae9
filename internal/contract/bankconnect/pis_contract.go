package bankconnect

import _ "embed"

// pisSpec is a byte-for-byte copy of tecban/openapi/obie-api-spec-pis.yaml ("Ozone Bank Connect - PIS
// APIs"), embedded so the bank's tests and tools can validate PIS bodies without the TecBan material
// beside the binary. A test keeps it equal to the shared original.
//
//go:embed openapi/obie-api-spec-pis.yaml
var pisSpec []byte

// PISSpec returns the embedded TecBan PIS contract as published.
func PISSpec() []byte { return append([]byte(nil), pisSpec...) }

// obbPaymentsSpec is a byte-for-byte copy of tecban/openapi/fase3/swagger_payments_apis.yaml, the
// Open Banking Brasil phase-3 payments API whose bodies the PIS envelope carries.
//
//go:embed openapi/obb-fase3-payments.yaml
var obbPaymentsSpec []byte

// OBBPaymentsSpec returns the embedded OBB phase-3 payments contract as published.
func OBBPaymentsSpec() []byte { return append([]byte(nil), obbPaymentsSpec...) }
