package connect_test

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// equalJSON compares two values by their JSON encoding.
func equalJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	var u, v any
	json.Unmarshal(x, &u)
	json.Unmarshal(y, &v)
	return err1 == nil && err2 == nil && reflect.DeepEqual(u, v)
}

// moneyString formats centavos as the contract's decimal amount, without sign.
func moneyString(c int64) string {
	if c < 0 {
		c = -c
	}
	return fmt.Sprintf("%d.%02d", c/100, c%100)
}
