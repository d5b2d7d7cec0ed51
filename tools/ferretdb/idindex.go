package main

// Why this file exists
//
// FerretDB 1.24.2's SQLite backend stores each collection as a table with one JSON column,
// _ferretdb_sjson, and creates the collection's _id index as
//
//	CREATE UNIQUE INDEX "<table>__id_" ON "<table>" (_ferretdb_sjson->"_id")
//
// but the queries that push a {_id: value} filter down to SQL (Query, UpdateAll, DeleteAll
// and Explain in internal/backends/sqlite/collection.go) filter on metadata.IDColumn:
//
//	WHERE _ferretdb_sjson->'$._id' = ?
//
// The two expressions mean the same, but SQLite matches expression indexes by their syntax,
// so every find, update and delete by _id scans the whole table (about 20 ms for a findOne
// and 50 ms for an updateOne at 10,000 documents). Shoal builds FerretDB exactly as the Go
// module proxy serves it, so instead of patching FerretDB the wrapper adds, next to every
// collection table, a plain index on the very expression the queries use.
//
// FerretDB does not see that index: listIndexes, dropIndexes and the index sizes of
// collStats go by the indexes recorded in its _ferretdb_collections table and the names it
// gives them ("<table>_<index name>"); drop collection (DROP TABLE) removes the index with
// the table; renameCollection keeps the table; dropDatabase deletes the file.
//
// The wrapper cannot hook collection creation, so a goroutine looks at the SQLite directory
// every idIndexInterval and opens a database file only when it changed on disk. Its own
// connection waits for FerretDB's writes (busy_timeout), and FerretDB's connections wait
// for its CREATE INDEX the same way (FerretDB sets busy_timeout(10000)), so no write fails
// (unless indexing one existing collection took over 10 s: about 1.5 million documents).
//
// One hazard needs more: dropDatabase closes FerretDB's connections and deletes the file,
// and using the database again creates a new file under the same name, which reuses the
// -wal and -shm file names. If our connection to the deleted file were still in use then,
// it and the new database would share those files and corrupt the new database (a stress
// test in idindex_test.go shows it within seconds). So every connection FerretDB opens first
// passes idGate (a connection hook of the SQLite driver), which waits while the wrapper has a
// database file open. The new file's first connection gets there before it touches the -wal
// or -shm file (opening it only switches the empty file to WAL mode, which also deletes a
// stale -wal file of that name), and our connection is closed by the time it goes on.
// The price: a connection FerretDB opens while we index a large collection waits for it.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite" // the database/sql driver FerretDB itself uses
)

const (
	// idIndexInterval is how often the SQLite directory is checked for new collections.
	idIndexInterval = 300 * time.Millisecond

	// idIndexPrefix + table name names the index. FerretDB names its own indexes
	// "<table>_<index name>" and its tables "<collection name>_<8 hex digits>", so only a
	// collection whose name starts with "_shoal_id_" could ever clash with it.
	idIndexPrefix = "_shoal_id_"

	// idIndexRecheck forces a look at every file now and then, in case a change escaped
	// the size and modification time of the file and its WAL (coarse file system clocks).
	idIndexRecheck = 30 * time.Second
)

// sqliteDir returns the directory of a FerretDB SQLite URI such as "file:data/",
// or "" for an in-memory one.
func sqliteDir(sqliteURL string) string {
	u, err := url.Parse(sqliteURL)
	if err != nil || u.Scheme != "file" || u.Query().Get("mode") == "memory" {
		return ""
	}
	if u.Path == "" {
		return u.Opaque
	}
	return u.Path
}

// fileStamp is what changes on disk when a database changes: in WAL mode a commit
// appends to the -wal file, and a checkpoint writes the main file.
type fileStamp struct{ main, wal os.FileInfo }

func stampOf(file string) fileStamp {
	main, _ := os.Stat(file)
	wal, _ := os.Stat(file + "-wal")
	return fileStamp{main, wal}
}

func (s fileStamp) equal(o fileStamp) bool {
	same := func(a, b os.FileInfo) bool {
		if a == nil || b == nil {
			return a == nil && b == nil
		}
		return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
	}
	return same(s.main, o.main) && same(s.wal, o.wal)
}

// maintainIDIndexes adds the _id expression index to every FerretDB collection table of the
// *.sqlite files in dir (one per database), now and whenever a file changes, until ctx is done.
func maintainIDIndexes(ctx context.Context, dir string, every time.Duration, l *slog.Logger) {
	seen := map[string]fileStamp{}
	recheck := time.Now().Add(idIndexRecheck)
	ticker := time.NewTicker(every)
	defer ticker.Stop()

	for {
		if time.Now().After(recheck) {
			seen, recheck = map[string]fileStamp{}, time.Now().Add(idIndexRecheck)
		}

		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		next := make(map[string]fileStamp, len(files))
		for _, file := range files {
			// The stamp is taken before the file is read, so a change made while it is read
			// shows on the next pass (as does our own CREATE INDEX, once).
			stamp := stampOf(file)
			if old, ok := seen[file]; ok && old.equal(stamp) {
				next[file] = old
				continue
			}
			if err := ensureIDIndexes(ctx, file, l); err != nil {
				// A database being created or dropped: try again on the next pass.
				l.Debug("id index: will retry", "file", file, "error", err)
				continue
			}
			next[file] = stamp
		}
		seen = next

		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

var (
	// idGate is held (locked) while the wrapper has a database file open; every other
	// connection waits for it as it opens.
	idGate     sync.RWMutex
	idGateOnce sync.Once
)

// ourDSN marks the wrapper's own connections, which do not wait for idGate (SQLite ignores
// URI parameters it does not know).
const ourDSN = "shoal_id_index=1"

// ensureIDIndexes creates the missing _id expression indexes of one database file.
func ensureIDIndexes(ctx context.Context, file string, l *slog.Logger) error {
	idGateOnce.Do(func() {
		sqlite.RegisterConnectionHook(func(_ sqlite.ExecQuerierContext, dsn string) error {
			if !strings.Contains(dsn, ourDSN) {
				idGate.RLock()
				idGate.RUnlock() // only waiting matters
			}
			return nil
		})
	})

	// Leave alone a file FerretDB is still creating (not yet switched to WAL mode), so that
	// our reads never stand in the way of that switch.
	if ok, err := isWAL(file); !ok {
		return fmt.Errorf("not a WAL database (yet): %v", err)
	}

	idGate.Lock()
	defer idGate.Unlock()

	// mode=rw: never create a file that FerretDB just dropped.
	dsn := "file:" + (&url.URL{Path: file}).EscapedPath() + "?mode=rw&_pragma=busy_timeout(10000)&" + ourDSN
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	defer db.Close() // before idGate is unlocked
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, `
		SELECT table_name FROM _ferretdb_collections
		WHERE table_name IN (SELECT name FROM sqlite_schema WHERE type = 'table')
		AND ? || table_name NOT IN (SELECT name FROM sqlite_schema WHERE type = 'index')`,
		idIndexPrefix)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err = rows.Scan(&t); err != nil {
			break
		}
		tables = append(tables, t)
	}
	if err = errors.Join(err, rows.Err(), rows.Close()); err != nil {
		return err
	}

	for _, t := range tables {
		start := time.Now()
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, idIndexPrefix+t, t)
		if _, err = db.ExecContext(ctx, q); err != nil {
			return err
		}
		l.Debug("id index: created", "file", file, "table", t, "took", time.Since(start))
	}
	return nil
}

// isWAL reports whether file is an SQLite database in WAL mode (bytes 18 and 19 of its
// header are 2).
func isWAL(file string) (bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return false, err
	}
	defer f.Close()
	h := make([]byte, 20)
	if _, err = io.ReadFull(f, h); err != nil {
		return false, err
	}
	return string(h[:16]) == "SQLite format 3\x00" && h[18] == 2 && h[19] == 2, nil
}
