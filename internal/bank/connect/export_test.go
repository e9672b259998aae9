package connect_test

import "github.com/ifconnect/ifconnect/internal/contract/bankconnect"

func embeddedSpec() []byte { return bankconnect.AISSpec() }
