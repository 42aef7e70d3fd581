package models_test

import (
	"testing"

	"github.com/syniad/syniad/models"
)

func TestPooledURL(t *testing.T) {
	for _, c := range []struct {
		url  string
		want bool
	}{
		{"postgres://u@h:6432/db?default_query_exec_mode=exec", true},
		{"postgres://u@h:6432/db?sslmode=disable&default_query_exec_mode=simple_protocol", true},
		{"postgres://u@h:5432/db?sslmode=disable", false},
		{"postgres://u@h:5432/db?default_query_exec_mode=cache_statement", false},
		{"host=h dbname=db", false},
	} {
		if got := models.PooledURL(c.url); got != c.want {
			t.Errorf("PooledURL(%q) = %v, want %v", c.url, got, c.want)
		}
	}
}
