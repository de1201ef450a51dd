package auditfixes

import (
	"context"
	"database/sql"
	"os/exec"
)

func Refresh(ctx context.Context, db *sql.DB, load func(context.Context) error) {
	go func() {
		load(context.TODO())       // want `context.TODO\(\) in a goroutine that has ctx`
		db.Exec("DELETE FROM t")   // want `db.Exec cannot be cancelled`
		exec.Command("true").Run() // want `exec.Command cannot be cancelled`
	}()
}
