package app

import (
	"sync"

	pgstorage "github.com/gofiber/storage/postgres/v3"
)

// sessionStorage is the session store's storage (a table in Postgres) with one addition: data
// that loadUser has just read with the account (models.SessionUser) is held for the store's
// Get that follows, which then costs no second query. Each held read is taken once; if two
// requests of one session cross, one of them reads the table, as it would anyway.
type sessionStorage struct {
	*pgstorage.Storage
	held sync.Map // session key → []byte
}

func (st *sessionStorage) hold(key string, data []byte) { st.held.Store(key, data) }

func (st *sessionStorage) Get(key string) ([]byte, error) {
	if data, ok := st.held.LoadAndDelete(key); ok {
		return data.([]byte), nil
	}
	return st.Storage.Get(key)
}
