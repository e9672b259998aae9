package bankconnect

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// aisSpec is a byte-for-byte copy of tecban/openapi/obie-api-spec-ais.yaml, embedded so the bank can
// publish its contract without the TecBan material beside the binary. A test keeps it equal to the
// shared original.
//
//go:embed openapi/obie-api-spec-ais.yaml
var aisSpec []byte

// AISSpec returns the embedded TecBan AIS contract as published, uncorrected.
func AISSpec() []byte { return append([]byte(nil), aisSpec...) }

// LoadContract parses an OpenAPI document (YAML or JSON) with kin-openapi and resolves its
// references.
func LoadContract(data []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load Bank Connect contract: %w", err)
	}
	return doc, nil
}

// ServedContract returns the contract the bank serves, as JSON for GET /openapi.json: the TecBan AIS
// contract with Correct applied.
func ServedContract() ([]byte, error) {
	doc, err := LoadContract(aisSpec)
	if err != nil {
		return nil, err
	}
	if err := Correct(doc); err != nil {
		return nil, err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode Bank Connect contract: %w", err)
	}
	return b, nil
}
