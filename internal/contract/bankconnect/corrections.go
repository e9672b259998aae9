package bankconnect

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

// ListOperations are the operations that return several objects although the contract's 200
// schema names a single one: the four credit lists (GET /loans …) name BRCBBase and the warranty
// lists name BRCBBaseWarranty. The bank answers them with a JSON array of that schema ("[]" when
// there is nothing), and Correct says so.
var ListOperations = []string{
	"/" + FamilyLoans, "/" + FamilyFinancings, "/" + FamilyInvoiceFinancings, "/" + FamilyUnarrangedOverdraft,
	"/" + FamilyLoans + "/{contractId}/warranties",
	"/" + FamilyFinancings + "/{contractId}/warranties",
	"/" + FamilyInvoiceFinancings + "/{contractId}/warranties",
	"/" + FamilyUnarrangedOverdraft + "/{contractId}/warranties",
}

// Correct amends a loaded AIS contract where, as published, no response could both follow the
// contract's test cases and validate against its schemas. Everything else is left as TecBan wrote
// it. The corrections are:
//
//  1. ListOperations: the 200 schema becomes an array of the schema it named.
//  2. CustomerResponse.data also admits the empty object that CUS-010-020 requires when the PSU is
//     no customer (Customer's required members would refuse it).
//  3. BRCBBusinessQualification declares economicActivities, which it requires but, with
//     additionalProperties false, forbids.
func Correct(doc *openapi3.T) error {
	if doc.Components == nil {
		return fmt.Errorf("correct contract: no components")
	}
	schemas := doc.Components.Schemas
	for _, path := range ListOperations {
		item := doc.Paths.Value(path)
		if item == nil || item.Get == nil {
			return fmt.Errorf("correct contract: no GET %s", path)
		}
		res := item.Get.Responses.Value("200")
		if res == nil || res.Value == nil || res.Value.Content["application/json"] == nil {
			return fmt.Errorf("correct contract: GET %s has no JSON 200 response", path)
		}
		mt := res.Value.Content["application/json"]
		if mt.Schema == nil || (mt.Schema.Value != nil && mt.Schema.Value.Type.Is(openapi3.TypeArray)) {
			continue
		}
		arr := openapi3.NewArraySchema()
		arr.Items = mt.Schema
		mt.Schema = openapi3.NewSchemaRef("", arr)
	}

	cr := schemas["CustomerResponse"]
	if cr == nil || cr.Value == nil || cr.Value.Properties["data"] == nil {
		return fmt.Errorf("correct contract: no CustomerResponse.data")
	}
	data := cr.Value.Properties["data"]
	if data.Ref != "" || len(data.Value.AnyOf) == 0 {
		empty := openapi3.NewObjectSchema().WithMaxProperties(0)
		cr.Value.Properties["data"] = openapi3.NewSchemaRef("", &openapi3.Schema{
			AnyOf: openapi3.SchemaRefs{data, openapi3.NewSchemaRef("", empty)},
		})
	}

	bq := schemas["BRCBBusinessQualification"]
	if bq == nil || bq.Value == nil {
		return fmt.Errorf("correct contract: no BRCBBusinessQualification")
	}
	if bq.Value.Properties["economicActivities"] == nil {
		activity := openapi3.NewObjectSchema().
			WithProperty("code", openapi3.NewStringSchema()).
			WithProperty("isMain", openapi3.NewBoolSchema())
		activity.Required = []string{"code", "isMain"}
		bq.Value.Properties["economicActivities"] = openapi3.NewSchemaRef("", openapi3.NewArraySchema().WithItems(activity))
	}
	return nil
}
