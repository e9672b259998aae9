package journey

import (
	"strings"

	"github.com/ifconnect/ifconnect/internal/bank/password"
	"golang.org/x/crypto/bcrypt"
)

// verifyPassword checks pw against a stored PHC string: argon2id (what the reference store holds) or
// bcrypt (what many internet banks already store, "$2a$/$2b$/$2y$").
func verifyPassword(hash, pw string) bool {
	if strings.HasPrefix(hash, "$2") {
		return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
	}
	ok, err := password.Verify(hash, pw)
	return err == nil && ok
}

// dummyHash is verified against when the CPF is unknown, so an unknown CPF takes as long as a wrong
// password and the timing tells nothing.
func dummyHash() (string, error) {
	return password.Hash("ifconnect: no such user")
}
