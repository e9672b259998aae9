package keys

import "io/fs"

// mustSub returns the migrations directory of the embedded files. The path is fixed at compile time,
// so the error cannot happen; were it to, Migrate would report the empty set of migrations.
func mustSub(f fs.FS) fs.FS {
	sub, err := fs.Sub(f, "migrations")
	if err != nil {
		return f
	}
	return sub
}
