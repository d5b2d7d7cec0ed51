package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

func TestSQLiteDir(t *testing.T) {
	for in, want := range map[string]string{
		"file:data/":                     "data/",
		"file:/tmp/shoal/":               "/tmp/shoal/",
		"file:///tmp/shoal/?_pragma=x":   "/tmp/shoal/",
		"file:/tmp/shoal/?mode=memory":   "",
		"postgres://127.0.0.1/ferretdb/": "",
	} {
		if got := sqliteDir(in); got != want {
			t.Errorf("sqliteDir(%q) = %q, want %q", in, got, want)
		}
	}
}

// startFerretDB runs FerretDB through run() on a free port with its data in a new directory
// and returns a connected client and that directory.
func startFerretDB(t *testing.T, idIndex bool) (*mongo.Client, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	done := make(chan error, 1)
	go func() { done <- run(ctx, addr, "file:"+dir+"/", idIndex, logger) }()

	client, err := mongo.Connect(ctx, options.Client().ApplyURI("mongodb://"+addr+"/"))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for client.Ping(ctx, nil) != nil {
		if time.Now().After(deadline) {
			t.Fatal("FerretDB did not answer")
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Cleanup(func() {
		_ = client.Disconnect(context.Background())
		cancel()
		<-done
	})
	return client, dir
}

// plan returns FerretDB's explanation (SQLite's query plan) of a find by _id.
func plan(t *testing.T, db *mongo.Database, coll string, id any) string {
	t.Helper()
	var res bson.M
	cmd := bson.D{{Key: "explain", Value: bson.D{{Key: "find", Value: coll}, {Key: "filter", Value: bson.D{{Key: "_id", Value: id}}}}}}
	if err := db.RunCommand(context.Background(), cmd).Decode(&res); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(res["queryPlanner"])
}

// waitForIndex waits until the collection's table in dir has our index, then checks that
// FerretDB's find by _id uses it.
//
// The check goes through a query first: a connection of FerretDB's pool reloads the schema
// when it next runs a statement, and EXPLAIN QUERY PLAN alone does not make it do so.
func waitForIndex(t *testing.T, dir string, db *mongo.Database, coll string, id any, within time.Duration) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(within)
	for !hasIndex(t, dir, db.Name(), coll) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: no %s index after %s", coll, idIndexPrefix, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
	var p string
	for i := 0; i < 20; i++ {
		_ = db.Collection(coll).FindOne(ctx, bson.M{"_id": id}).Err()
		if p = plan(t, db, coll, id); strings.Contains(p, "USING INDEX "+idIndexPrefix) {
			return
		}
	}
	t.Fatalf("%s: find by _id does not use the index: %s", coll, p)
}

// hasIndex reads the database file (read-only) for our index of coll's table.
func hasIndex(t *testing.T, dir, dbName, coll string) bool {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, dbName+".sqlite")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	err = db.QueryRow(`SELECT count(*) FROM _ferretdb_collections c JOIN sqlite_schema s
		ON s.type = 'index' AND s.name = ? || c.table_name WHERE c.name = ?`, idIndexPrefix, coll).Scan(&n)
	return err == nil && n == 1
}

func indexNames(t *testing.T, c *mongo.Collection) []string {
	t.Helper()
	specs, err := c.Indexes().ListSpecifications(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range specs {
		names = append(names, s.Name)
	}
	return names
}

// A new collection gets the index within a second, and FerretDB neither lists nor trips
// over it: indexes, rename, drop collection, drop and re-create database.
func TestNewCollectionsGetIDIndex(t *testing.T) {
	ctx := context.Background()
	client, dir := startFerretDB(t, true)
	db := client.Database("shoal")
	c := db.Collection("customers")
	id := primitive.NewObjectID()
	// Enough documents for SQLite to prefer the index once collStats has run ANALYZE.
	docs := []any{bson.M{"_id": id, "name": "a"}}
	for i := 0; i < 200; i++ {
		docs = append(docs, bson.M{"_id": primitive.NewObjectID(), "name": "b"})
	}
	if _, err := c.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}
	waitForIndex(t, dir, db, "customers", id, time.Second)

	if _, err := c.Indexes().CreateOne(ctx, mongo.IndexModel{Keys: bson.D{{Key: "name", Value: 1}}}); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(indexNames(t, c)); got != "[_id_ name_1]" {
		t.Fatalf("listIndexes: %s", got)
	}
	if _, err := c.Indexes().DropAll(ctx); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(indexNames(t, c)); got != "[_id_]" {
		t.Fatalf("listIndexes after dropIndexes: %s", got)
	}
	var stats bson.M
	if err := db.RunCommand(ctx, bson.D{{Key: "collStats", Value: "customers"}}).Decode(&stats); err != nil {
		t.Fatal(err)
	}
	if n := fmt.Sprint(stats["nindexes"]); n != "1" {
		t.Fatalf("collStats nindexes = %s", n)
	}

	if err := client.Database("admin").RunCommand(ctx, bson.D{
		{Key: "renameCollection", Value: "shoal.customers"}, {Key: "to", Value: "shoal.clients"},
	}).Err(); err != nil {
		t.Fatal(err)
	}
	waitForIndex(t, dir, db, "clients", id, 0)
	if _, err := db.Collection("clients").UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$set": bson.M{"name": "b"}}); err != nil {
		t.Fatal(err)
	}

	if err := db.Collection("clients").Drop(ctx); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if err := db.Drop(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.InsertOne(ctx, bson.M{"_id": id}); err != nil {
			t.Fatal(err)
		}
		waitForIndex(t, dir, db, "customers", id, time.Second)
	}
}

// Creating the index on a populated table while FerretDB writes to it and creates other
// collections makes no write fail.
func TestIndexingDoesNotFailWrites(t *testing.T) {
	ctx := context.Background()
	client, dir := startFerretDB(t, false)
	db := client.Database("shoal")
	big := db.Collection("big")
	docs := make([]any, 0, 20_000)
	for i := 0; i < cap(docs); i++ {
		docs = append(docs, bson.M{"_id": primitive.NewObjectID(), "n": i, "pad": strings.Repeat("x", 300)})
	}
	for i := 0; i < len(docs); i += 1000 {
		if _, err := big.InsertMany(ctx, docs[i:i+1000]); err != nil {
			t.Fatal(err)
		}
	}
	id := docs[10_000].(bson.M)["_id"]
	// Without the wrapper's index, FerretDB 1.24.2 scans the table.
	if p := plan(t, db, "big", id); !strings.Contains(p, "SCAN") {
		t.Fatalf("expected a table scan without the index: %s", p)
	}

	var writes, failures atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				coll := big
				if i%10 == 0 {
					coll = db.Collection(fmt.Sprintf("new_%d_%d", w, i))
				}
				if _, err := coll.InsertOne(ctx, bson.M{"w": w, "i": i}); err != nil {
					failures.Add(1)
					t.Errorf("insert: %v", err)
					continue
				}
				if _, err := big.UpdateOne(ctx, bson.M{"_id": id}, bson.M{"$inc": bson.M{"n": 1}}); err != nil {
					failures.Add(1)
					t.Errorf("update: %v", err)
				}
				writes.Add(2)
			}
		}()
	}

	time.Sleep(200 * time.Millisecond)
	idxCtx, stopIndexing := context.WithCancel(ctx)
	defer stopIndexing()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	go maintainIDIndexes(idxCtx, dir, 50*time.Millisecond, logger)
	waitForIndex(t, dir, db, "big", id, 5*time.Second)
	time.Sleep(500 * time.Millisecond)
	close(stop)
	wg.Wait()
	if failures.Load() > 0 || writes.Load() == 0 {
		t.Fatalf("%d writes, %d failures", writes.Load(), failures.Load())
	}

	names, err := db.ListCollectionNames(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		waitForIndex(t, dir, db, name, "x", time.Second)
	}
	t.Logf("%d writes during indexing, %d collections indexed", writes.Load(), len(names))
}

// dropDatabase and re-creating the database under the same name while the wrapper has the
// file open must not corrupt the new database (without idGate this fails within seconds:
// the new database sees the old one's tables).
func TestDropDatabaseWhileIndexing(t *testing.T) {
	ctx := context.Background()
	client, dir := startFerretDB(t, false)
	idxCtx, stopIndexing := context.WithCancel(ctx)
	defer stopIndexing()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	go maintainIDIndexes(idxCtx, dir, time.Millisecond, logger)

	db := client.Database("again")
	rounds := 0
	for end := time.Now().Add(4 * time.Second); time.Now().Before(end); rounds++ {
		if err := db.Drop(ctx); err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 3; j++ {
			docs := make([]any, 50)
			for k := range docs {
				docs[k] = bson.M{"k": k, "pad": strings.Repeat("x", 50)}
			}
			if _, err := db.Collection(fmt.Sprint("c", j)).InsertMany(ctx, docs); err != nil {
				t.Fatalf("round %d: %v", rounds, err)
			}
		}
		for j := 0; j < 3; j++ {
			if n, err := db.Collection(fmt.Sprint("c", j)).CountDocuments(ctx, bson.M{}); err != nil || n != 50 {
				t.Fatalf("round %d: %d documents, %v", rounds, n, err)
			}
		}
	}
	stopIndexing()

	sdb, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "again.sqlite")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	var check string
	if err = sdb.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %s %v", check, err)
	}
	t.Logf("%d drop and re-create rounds", rounds)
}
