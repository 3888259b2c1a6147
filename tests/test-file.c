/* test-file.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "strata/strata-file.h"
#include "strata-test-files.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GError *error = NULL;

  f->dir = g_dir_make_tmp ("strata-file-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Names in @dir other than @keep (temporary files left behind). */
static guint
count_others (const char *dir,
              const char *keep,
              gboolean    remove)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_strcmp0 (name, keep) == 0)
        continue;
      n++;
      if (remove)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_unlink (path);
        }
    }
  g_dir_close (d);
  return n;
}

static gboolean
is_root (void)
{
  return geteuid () == 0;
}

static void
test_read_regular (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "a.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_set_contents (path, "{\"a\": 1}", -1, NULL));
  g_assert_true (strata_file_read (path, STRATA_MAX_FILE_SIZE, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "{\"a\": 1}");
  g_assert_cmpuint (length, ==, 8);

  /* empty file: read fine (the loader refuses it) */
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_true (strata_file_read (path, STRATA_MAX_FILE_SIZE, &contents, &length, &error));
  g_assert_cmpuint (length, ==, 0);
  g_assert_cmpstr (contents, ==, "");
}

static void
assert_read_refused (const char *path,
                     gsize       max,
                     const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = g_strdup_printf ("%s: %s", path, reason);
  gsize length = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_false (strata_file_read (path, max, &contents, &length, &error));
  g_assert_null (contents);
  g_assert_error (error, G_FILE_ERROR, error->code);
  g_assert_cmpstr (error->message, ==, expected);
  /* never blocks, never reads what it refuses */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_read_refusals (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.json", NULL);
  g_autofree char *big = g_build_filename (f->dir, "big.json", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.json", NULL);
  g_autofree char *secret = g_build_filename (f->dir, "secret.json", NULL);
  int fd;

  assert_read_refused (f->dir, STRATA_MAX_FILE_SIZE, "is a directory, not a file");

  /* A FIFO with no writer would block a plain open() forever. */
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  assert_read_refused (fifo, STRATA_MAX_FILE_SIZE, "is a FIFO (named pipe), not a regular file");

  assert_read_refused ("/dev/null", STRATA_MAX_FILE_SIZE, "is a character device, not a regular file");
  if (g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    assert_read_refused ("/dev/zero", STRATA_MAX_FILE_SIZE, "is a character device, not a regular file");

  assert_read_refused (missing, STRATA_MAX_FILE_SIZE, "cannot read: No such file or directory");

  /* 17 MiB (sparse, so the test stays fast): refused before reading */
  fd = g_open (big, O_CREAT | O_WRONLY, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 17 * 1024 * 1024), ==, 0);
  close (fd);
  assert_read_refused (big, STRATA_MAX_FILE_SIZE,
                       "the file is 17.0 MiB, larger than the 16 MiB limit for datasets");

  g_assert_true (g_file_set_contents (secret, "{}", -1, NULL));
  g_assert_cmpint (g_chmod (secret, 0), ==, 0);
  if (is_root ())
    g_test_message ("running as root: unreadable-file check skipped");
  else
    assert_read_refused (secret, STRATA_MAX_FILE_SIZE, "cannot open: Permission denied");
}

static char *
read_all (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static mode_t
mode_of (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* The write a test runs: strata_file_write() (durable) when the test's
 * data is NULL, else strata_file_write_full() with the flags it points
 * to (an export's atomic write): the same guarantees but the flush. */
static gboolean
write_as (gconstpointer   data,
          const char     *path,
          const char     *contents,
          gsize           length,
          GError        **error)
{
  if (data == NULL)
    return strata_file_write (path, contents, length, error);
  return strata_file_write_full (path, contents, length,
                                 *(const StrataFileWriteFlags *) data, error);
}

static void
test_write_new_and_replace (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "out.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  mode_t mask = umask (022);

  umask (mask);

  g_assert_true (write_as (data, path, "one", 3, &error));
  g_assert_no_error (error);
  contents = read_all (path);
  g_assert_cmpstr (contents, ==, "one");
  /* a new file gets 0644 minus the umask */
  g_assert_cmpuint (mode_of (path), ==, 0644 & ~mask);

  /* replacing keeps the permission bits */
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (write_as (data, path, "two!", 4, &error));
  g_clear_pointer (&contents, g_free);
  contents = read_all (path);
  g_assert_cmpstr (contents, ==, "two!");
  g_assert_cmpuint (mode_of (path), ==, 0600);

  /* an empty write gives an empty file */
  g_assert_true (write_as (data, path, "", 0, &error));
  g_clear_pointer (&contents, g_free);
  contents = read_all (path);
  g_assert_cmpstr (contents, ==, "");

  g_assert_cmpuint (count_others (f->dir, "out.json", FALSE), ==, 0);
}

static void
test_write_symlink (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *real_dir = g_build_filename (f->dir, "real", NULL);
  g_autofree char *target = g_build_filename (real_dir, "stack.json", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.json", NULL);
  g_autofree char *link2 = g_build_filename (f->dir, "link2.json", NULL);
  g_autofree char *dangling = g_build_filename (f->dir, "dangling.json", NULL);
  g_autofree char *dangling_target = g_build_filename (f->dir, "new-target.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_cmpint (g_mkdir (real_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  /* a relative link, and a link to the link */
  g_assert_cmpint (symlink ("real/stack.json", link), ==, 0);
  g_assert_cmpint (symlink ("link.json", link2), ==, 0);

  g_assert_true (strata_file_write (link2, "new content", 11, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (link2, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  contents = read_all (target);
  g_assert_cmpstr (contents, ==, "new content");
  g_assert_cmpuint (mode_of (target), ==, 0600);
  /* the temporary file was made beside the target, and is gone */
  g_assert_cmpuint (count_others (real_dir, "stack.json", FALSE), ==, 0);

  /* a dangling link: its target is created, the link stays */
  g_assert_cmpint (symlink ("new-target.json", dangling), ==, 0);
  g_assert_true (strata_file_write (dangling, "fresh", 5, &error));
  g_assert_cmpint (g_lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_clear_pointer (&contents, g_free);
  contents = read_all (dangling_target);
  g_assert_cmpstr (contents, ==, "fresh");
}

static void
test_write_failures (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *missing_dir = g_build_filename (f->dir, "no-such-folder", "out.json", NULL);
  g_autofree char *ro_dir = g_build_filename (f->dir, "read-only", NULL);
  g_autofree char *ro_file = g_build_filename (ro_dir, "stack.json", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (strata_file_write (missing_dir, "x", 1, &error));
  expected = g_strdup_printf ("%s: cannot save (cannot create a file in its folder): No such file or directory",
                              missing_dir);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_false (g_file_test (missing_dir, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* a directory in the way */
  g_assert_false (strata_file_write (f->dir, "x", 1, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (ro_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (ro_file, "old", -1, NULL));
  g_assert_cmpint (g_chmod (ro_dir, 0555), ==, 0);
  if (is_root ())
    {
      g_test_message ("running as root: read-only folder check skipped");
      return;
    }
  g_assert_false (strata_file_write (ro_file, "new", 3, &error));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("%s: cannot save (cannot create a file in its folder): Permission denied",
                              ro_file);
  g_assert_cmpstr (error->message, ==, expected);
  contents = read_all (ro_file);
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_others (ro_dir, "stack.json", FALSE), ==, 0);
}

/* A write that fails half way (here: the file size limit, as a full disk
 * would) leaves the old file and no temporary file.  Runs in a child so
 * the limit does not touch the test process; works as root too. */
static void
test_write_fails_mid_write (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "stack.json", NULL);
  g_autofree char *contents = NULL;
  int status;
  pid_t pid;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit limit = { 64 * 1024, 64 * 1024 };
      gsize size = 1024 * 1024;
      g_autofree char *big = g_malloc0 (size);
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("%s: cannot save: File too large", path);

      signal (SIGXFSZ, SIG_IGN);
      setrlimit (RLIMIT_FSIZE, &limit);
      if (write_as (data, path, big, size, &error))
        _exit (2);
      if (g_strcmp0 (error->message, expected) != 0)
        _exit (3);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  contents = read_all (path);
  g_assert_cmpstr (contents, ==, "old");
  g_assert_cmpuint (count_others (f->dir, "stack.json", FALSE), ==, 0);
}

/*
 * Kill a writer at many points mid-write.  The file must always be
 * exactly the old or the new content.  A writer killed with SIGKILL cannot
 * remove its temporary file (".stack.json.XXXXXXXX.tmp" beside the
 * target); at most one such file may be left per killed run, and the test
 * removes it before the next run.
 */
static void
test_write_killed (Fixture       *f,
                   gconstpointer  data)
{
  const gsize size = 4 * 1024 * 1024;
  const guint runs = 60;
  g_autofree char *path = g_build_filename (f->dir, "stack.json", NULL);
  g_autofree char *a = g_malloc (size);
  g_autofree char *b = g_malloc (size);
  guint n_old = 0, n_new = 0, n_temps = 0;
  gint64 t0, write_us;
  GRand *rand = g_rand_new_with_seed (20261126);

  memset (a, 'a', size);
  memset (b, 'b', size);
  for (gsize i = 0; i < size; i += 4096)
    b[i] = '\n';

  /* Calibrate: how long does one write take here? */
  t0 = g_get_monotonic_time ();
  g_assert_true (strata_file_write (path, a, size, NULL));
  write_us = MAX (g_get_monotonic_time () - t0, 1000);
  g_test_message ("one %zu-byte write takes %" G_GINT64_FORMAT " us", size, write_us);

  for (guint run = 0; run < runs; run++)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;
      gboolean was_a;
      const char *next;
      int status;
      pid_t pid;
      gulong delay;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, ==, size);
      was_a = contents[0] == 'a';
      next = was_a ? b : a;
      g_clear_pointer (&contents, g_free);

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          strata_file_write (path, next, size, NULL);
          _exit (0);
        }

      /* From right away to a little after the write would end. */
      delay = (gulong) g_rand_int_range (rand, 0, (gint32) MIN (write_us * 3 / 2, G_MAXINT32));
      g_usleep (delay);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, ==, size);
      if (memcmp (contents, a, size) == 0)
        (was_a ? n_old++ : n_new++);
      else if (memcmp (contents, b, size) == 0)
        (was_a ? n_new++ : n_old++);
      else
        g_error ("run %u: the file is neither the old nor the new content", run);

      {
        guint temps = count_others (f->dir, "stack.json", TRUE);

        g_assert_cmpuint (temps, <=, 1);
        n_temps += temps;
      }
    }

  g_test_message ("%u runs: %u left the old file, %u the new one, %u left a temporary file",
                  runs, n_old, n_new, n_temps);
  g_assert_cmpuint (n_old + n_new, ==, runs);
  g_rand_free (rand);
}

/* Issue 16, finding 8: replacing a file never copies the setuid and
 * setgid bits, and as root keeps the file's owner (exporting as root over
 * another user's file made it root's). */
static void
test_write_owner_and_setuid (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "chart.png", NULL);
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_true (strata_file_write (path, "old", 3, &error));
  g_assert_cmpint (g_chmod (path, 06755), ==, 0);
  if (is_root ())
    g_assert_cmpint (chown (path, 65534, 65534), ==, 0);

  g_assert_true (strata_file_write (path, "new", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0755);
  if (is_root ())
    {
      g_assert_cmpuint (st.st_uid, ==, 65534);
      g_assert_cmpuint (st.st_gid, ==, 65534);
    }
  else
    g_assert_cmpuint (st.st_uid, ==, geteuid ());

  /* The same file under two names is recognised; different files not. */
  {
    g_autofree char *other = g_build_filename (f->dir, "other.png", NULL);
    g_autofree char *dotted = g_build_filename (f->dir, ".", "chart.png", NULL);

    g_assert_true (strata_file_write (other, "x", 1, &error));
    g_assert_true (strata_file_is_same (path, dotted));
    g_assert_false (strata_file_is_same (path, other));
    g_assert_false (strata_file_is_same (path, "/nonexistent/strata"));
  }
}

int
main (int   argc,
      char *argv[])
{
  static const StrataFileWriteFlags atomic = STRATA_FILE_WRITE_ATOMIC;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/strata/file/read/regular", test_read_regular);
  ADD ("/strata/file/read/refusals", test_read_refusals);
  ADD ("/strata/file/write/new-and-replace", test_write_new_and_replace);
  ADD ("/strata/file/write/symlink", test_write_symlink);
  ADD ("/strata/file/write/failures", test_write_failures);
  ADD ("/strata/file/write/fails-mid-write", test_write_fails_mid_write);
  /* An export's write: atomic, not flushed. */
  g_test_add ("/strata/file/write-atomic/new-and-replace", Fixture, &atomic, fixture_setup,
              test_write_new_and_replace, fixture_teardown);
  g_test_add ("/strata/file/write-atomic/fails-mid-write", Fixture, &atomic, fixture_setup,
              test_write_fails_mid_write, fixture_teardown);
  ADD ("/strata/file/write/killed-mid-write", test_write_killed);
  ADD ("/strata/file/write/owner-and-setuid", test_write_owner_and_setuid);

  return g_test_run ();
}
