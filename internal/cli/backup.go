package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/volwaardig/volwaardig/internal/app"
	"github.com/volwaardig/volwaardig/internal/audit"
	"github.com/volwaardig/volwaardig/internal/db"
)

// keyFileSuffixes are the endings of the secrets a run without configured
// keys keeps next to its SQLite file (session secret, audit signing key, BSN
// key ring). A backup must never land beside them: one stolen folder would
// then hold both the health data and the keys that open it.
func keyFileSuffixes() []string { return []string{".secret", ".audit-key", ".bsn-keys"} }

// keyFilesIn lists the key files in dir, by their endings.
func keyFilesIn(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var found []string
	for _, e := range entries {
		for _, suf := range keyFileSuffixes() {
			if !e.IsDir() && strings.HasSuffix(e.Name(), suf) {
				found = append(found, filepath.Join(dir, e.Name()))
			}
		}
	}
	return found, nil
}

// copyFile copies src to a new file dst (0600); dst must not exist.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }() // read only: a close error loses nothing
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		return errors.Join(err, out.Close(), os.Remove(dst))
	}
	if err := out.Sync(); err != nil {
		return errors.Join(err, out.Close(), os.Remove(dst))
	}
	return out.Close()
}

func runBackup(env Env, args []string) int {
	var sf serverFlags
	fs := newFlagSet(env, "backup", "backup [--db sqlite:PATH] --out FILE\n\n"+
		"Writes a consistent copy of the SQLite database while the server keeps running, and\n"+
		"beside it a copy of the audit checkpoint file (FILE without its extension +\n"+
		".audit-checkpoints.jsonl), which `audit verify` needs to check the copy. Key files\n"+
		"(*.secret, *.audit-key, *.bsn-keys) are never copied, and FILE may not be in a folder\n"+
		"that holds them. PostgreSQL is backed up with pg_dump or pg_basebackup (README).\n"+
		"Exit status: 0 written, 1 refused (FILE exists, key files beside it), 2 wrong usage,\n"+
		"3 the database could not be read or the copy not written.")
	sf.registerDB(fs, env)
	out := fs.String("out", "", "the backup file to write; it must not exist yet (required)")
	rest, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		env.errorf("volwaardig backup: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	if *out == "" {
		env.errorln("volwaardig backup: --out FILE is required")
		fs.Usage()
		return ExitUsage
	}
	if !app.IsSQLite(sf.dbURL) {
		env.errorln("volwaardig backup: " + db.ErrNotSQLite.Error() + " (see the README, section Backups)")
		return ExitUsage
	}
	src := strings.TrimPrefix(sf.dbURL, "sqlite:")
	if _, err := os.Stat(src); err != nil {
		env.errorf("volwaardig backup: database unreachable: %v\n", err)
		return ExitOperational
	}
	if _, err := os.Stat(*out); err == nil {
		env.errorf("volwaardig backup: %s already exists; choose a new file name, a backup never overwrites one\n", *out)
		return ExitBadInput
	}
	outDir := filepath.Dir(*out)
	keys, err := keyFilesIn(outDir)
	if err != nil {
		env.errorf("volwaardig backup: cannot read the folder of --out: %v\n", err)
		return ExitOperational
	}
	if len(keys) > 0 {
		env.errorf("volwaardig backup: %s holds key files (%s); write the backup to another place, so that data and keys are never stored together\n",
			outDir, strings.Join(keys, ", "))
		return ExitBadInput
	}
	outURL := "sqlite:" + *out
	cpOut := audit.DefaultCheckpointPath(outURL)
	if _, err := os.Stat(cpOut); err == nil {
		env.errorf("volwaardig backup: %s already exists; choose a new file name\n", cpOut)
		return ExitBadInput
	}

	// The checkpoint file is copied before the database: every checkpoint
	// in the copy then covers entries the database copy holds, so `audit
	// verify` on the pair finds no truncation. Entries written between
	// the two copies are the copy's unsigned tail.
	var cpCopied string
	cpFiles := loadOpsConfig(env).checkpointFilesFor(sf.dbURL)
	if len(cpFiles) > 1 {
		env.errorln("volwaardig backup: several checkpoint files are configured; an SQLite database has one instance, give one file in " + audit.EnvCheckpoints)
		return ExitUsage
	}
	if err := copyFile(cpFiles[0], cpOut); err == nil {
		cpCopied = cpFiles[0]
	} else if !errors.Is(err, os.ErrNotExist) {
		env.errorf("volwaardig backup: copy the audit checkpoint file: %v\n", err)
		return ExitOperational
	}

	logger := sf.logger(env)
	d, err := db.Open(env.Ctx, sf.dbURL)
	if err != nil {
		return openFailure(env, err)
	}
	defer env.closeLogged("database", d)
	if err := d.BackupTo(env.Ctx, *out); err != nil {
		if cpCopied != "" {
			if rmErr := os.Remove(cpOut); rmErr != nil {
				logger.Error("remove the checkpoint copy of a failed backup", "path", cpOut, "err", rmErr)
			}
		}
		env.errorf("volwaardig backup: %v\n", err)
		return ExitOperational
	}
	info, err := os.Stat(*out)
	if err != nil {
		env.errorf("volwaardig backup: %v\n", err)
		return ExitOperational
	}
	env.printf("backup written: %s (%d bytes)\n", *out, info.Size())
	if cpCopied != "" {
		env.printf("audit checkpoints: %s (copy of %s); keep it with the backup\n", cpOut, cpCopied)
	} else {
		env.printf("audit checkpoints: none found at %s; the copy can be checked by its hash chain only\n", cpFiles[0])
	}
	env.println("keys: not in the backup; keep VOLWAARDIG_AUDIT_KEY, VOLWAARDIG_BSN_KEYS, VOLWAARDIG_BSN_INDEX_KEY and VOLWAARDIG_SECRET (or the key files) in a separate safe place")
	env.printf("restore with: volwaardig restore --from %s --db sqlite:PATH\n", *out)
	return ExitOK
}

func runRestore(env Env, args []string) int {
	var sf serverFlags
	fs := newFlagSet(env, "restore", "restore --from FILE [--db sqlite:PATH]\n\n"+
		"Puts a backup made by `volwaardig backup` in place as the database PATH, with its audit\n"+
		"checkpoint file, after checking the copy's integrity. Stop the server first. It never\n"+
		"overwrites: move an existing database and checkpoint file aside (keep them: they show\n"+
		"what the backup lacks). Put the keys back yourself, then run `volwaardig audit verify`.\n"+
		"Exit status: 0 restored, 1 refused (target exists, damaged copy), 2 wrong usage,\n"+
		"3 a file could not be read or written.")
	sf.registerDB(fs, env)
	from := fs.String("from", "", "the backup file (required)")
	rest, code, ok := parseFlags(fs, args)
	if !ok {
		return code
	}
	if len(rest) > 0 {
		env.errorf("volwaardig restore: unexpected argument %q\n", rest[0])
		return ExitUsage
	}
	if *from == "" {
		env.errorln("volwaardig restore: --from FILE is required")
		fs.Usage()
		return ExitUsage
	}
	if !app.IsSQLite(sf.dbURL) {
		env.errorln("volwaardig restore: only an SQLite database is restored by volwaardig; restore PostgreSQL with pg_restore (README, section Backups)")
		return ExitUsage
	}
	dst := strings.TrimPrefix(sf.dbURL, "sqlite:")
	if _, err := os.Stat(*from); err != nil {
		env.errorf("volwaardig restore: %v\n", err)
		return ExitBadInput
	}
	for _, p := range []string{dst, dst + "-wal", dst + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			env.errorf("volwaardig restore: %s exists; stop the server and move it aside first (restore never overwrites)\n", p)
			return ExitBadInput
		}
	}
	cpFrom := audit.DefaultCheckpointPath("sqlite:" + *from)
	cpFiles := loadOpsConfig(env).checkpointFilesFor(sf.dbURL)
	if len(cpFiles) > 1 {
		env.errorln("volwaardig restore: several checkpoint files are configured; an SQLite database has one instance, give one file in " + audit.EnvCheckpoints)
		return ExitUsage
	}
	cpTo := cpFiles[0]
	_, cpErr := os.Stat(cpFrom)
	hasCheckpoints := cpErr == nil
	if hasCheckpoints {
		if _, err := os.Stat(cpTo); err == nil {
			env.errorf("volwaardig restore: %s exists; move it aside first (it records what was signed after the backup)\n", cpTo)
			return ExitBadInput
		}
	}

	// Work on a copy beside the target, so a damaged backup or a failure
	// half-way leaves nothing at PATH, and the backup itself is never
	// opened for writing.
	tmp := dst + ".restoring"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			env.errorf("volwaardig restore: %v\n", err)
			return ExitOperational
		}
	}
	if err := copyFile(*from, tmp); err != nil {
		env.errorf("volwaardig restore: %v\n", err)
		return ExitOperational
	}
	cleanup := func() {
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			_ = os.Remove(p) // best effort: the file may not exist
		}
	}
	d, err := db.Open(env.Ctx, "sqlite:"+tmp)
	if err != nil {
		cleanup()
		env.errorf("volwaardig restore: %s is not a usable database: %v\n", *from, err)
		return ExitBadInput
	}
	if err := d.CheckIntegrity(env.Ctx); err != nil {
		env.closeLogged("database", d)
		cleanup()
		env.errorf("volwaardig restore: %s is damaged: %v\n", *from, err)
		return ExitBadInput
	}
	if err := d.Close(); err != nil {
		cleanup()
		env.errorf("volwaardig restore: %v\n", err)
		return ExitOperational
	}
	if hasCheckpoints {
		if err := copyFile(cpFrom, cpTo); err != nil {
			cleanup()
			env.errorf("volwaardig restore: copy the audit checkpoint file: %v\n", err)
			return ExitOperational
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		cleanup()
		env.errorf("volwaardig restore: %v\n", err)
		return ExitOperational
	}
	env.printf("restored: %s from %s\n", dst, *from)
	if hasCheckpoints {
		env.printf("audit checkpoints: %s\n", cpTo)
	} else {
		env.printf("audit checkpoints: the backup had none (%s missing)\n", cpFrom)
	}
	env.printf("next: put the keys in place, then run: volwaardig audit verify --db sqlite:%s\n", dst)
	return ExitOK
}
