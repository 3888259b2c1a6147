/* strata-file.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "strata/strata-file.h"
#include "strata-file-private.h"

/* Why a path is not a file Strata reads, or NULL for a regular file. */
static const char *
describe_file_type (mode_t mode)
{
  if (S_ISREG (mode))
    return NULL;
  if (S_ISDIR (mode))
    return "is a directory, not a file";
  if (S_ISFIFO (mode))
    return "is a FIFO (named pipe), not a regular file";
  if (S_ISSOCK (mode))
    return "is a socket, not a regular file";
  if (S_ISCHR (mode))
    return "is a character device, not a regular file";
  if (S_ISBLK (mode))
    return "is a block device, not a regular file";
  return "is not a regular file";
}

static gboolean
fail_errno (GError     **error,
            int          saved_errno,
            const char  *filename,
            const char  *what)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s: %s: %s", filename, what, g_strerror (saved_errno));
  return FALSE;
}

/* Reading errors leave the file name out; strata_file_read() adds it. */
static gboolean
fail_read (GError     **error,
           int          saved_errno,
           const char  *what)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s: %s", what, g_strerror (saved_errno));
  return FALSE;
}

gboolean
_strata_file_read_full (const char  *filename,
                        gsize        max_size,
                        char       **contents,
                        gsize       *length,
                        gboolean    *too_large,
                        GError     **error)
{
  struct stat st;
  const char *reason;
  g_autofree char *buf = NULL;
  gsize size, used = 0;
  int fd;

  *too_large = FALSE;

  /* Look before opening: opening a device can have side effects. */
  if (g_stat (filename, &st) != 0)
    return fail_read (error, errno, "cannot read");

  reason = describe_file_type (st.st_mode);
  if (reason != NULL)
    {
      g_set_error (error, G_FILE_ERROR,
                   S_ISDIR (st.st_mode) ? G_FILE_ERROR_ISDIR : G_FILE_ERROR_INVAL,
                   "%s", reason);
      return FALSE;
    }

  /* O_NONBLOCK: should the path be swapped for a FIFO after the stat,
   * the open still returns at once and the fstat below refuses it. */
  fd = g_open (filename, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    return fail_read (error, errno, "cannot open");

  if (fstat (fd, &st) != 0)
    {
      int saved = errno;
      close (fd);
      return fail_read (error, saved, "cannot read");
    }
  reason = describe_file_type (st.st_mode);
  if (reason != NULL)
    {
      close (fd);
      g_set_error (error, G_FILE_ERROR,
                   S_ISDIR (st.st_mode) ? G_FILE_ERROR_ISDIR : G_FILE_ERROR_INVAL,
                   "%s", reason);
      return FALSE;
    }

  if (st.st_size < 0 || (guint64) st.st_size > max_size)
    {
      close (fd);
      *too_large = TRUE;
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "the file is %.1f MiB, larger than the %.0f MiB limit for datasets",
                   st.st_size / 1048576.0, max_size / 1048576.0);
      return FALSE;
    }

  /* The file may grow while we read: never read more than max_size. */
  size = (gsize) st.st_size;
  buf = g_malloc (size + 1);
  for (;;)
    {
      gssize n;

      if (used == size)
        {
          if (size >= max_size + (gsize) 1)
            break;
          size = MIN (MAX (size * 2, 4096), max_size + (gsize) 1);
          buf = g_realloc (buf, size + 1);
        }
      n = read (fd, buf + used, size - used);
      if (n < 0)
        {
          int saved = errno;
          if (saved == EINTR)
            continue;
          close (fd);
          return fail_read (error, saved, "cannot read");
        }
      if (n == 0)
        break;
      used += (gsize) n;
    }
  close (fd);

  if (used > max_size)
    {
      *too_large = TRUE;
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "the file is larger than the %.0f MiB limit for datasets",
                   max_size / 1048576.0);
      return FALSE;
    }

  buf[used] = '\0';
  *contents = g_steal_pointer (&buf);
  if (length != NULL)
    *length = used;
  return TRUE;
}

gboolean
strata_file_read (const char  *filename,
                  gsize        max_size,
                  char       **contents,
                  gsize       *length,
                  GError     **error)
{
  gboolean too_large;

  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_strata_file_read_full (filename, max_size, contents, length,
                               &too_large, error))
    {
      g_prefix_error (error, "%s: ", filename);
      return FALSE;
    }
  return TRUE;
}

gboolean
strata_file_is_same (const char *a,
                     const char *b)
{
  struct stat sa, sb;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Follows symlinks to the file that should really be replaced.  A
 * dangling link resolves to the path it points at (a new file). */
static char *
resolve_target (const char  *filename,
                GError     **error)
{
  char *path = g_strdup (filename);

  for (guint hops = 0; hops < 40; hops++)
    {
      struct stat st;
      g_autofree char *link = NULL;
      g_autoptr(GError) local = NULL;

      if (g_lstat (path, &st) != 0 || !S_ISLNK (st.st_mode))
        return path;

      link = g_file_read_link (path, &local);
      if (link == NULL)
        {
          g_set_error (error, G_FILE_ERROR, local->code,
                       "%s: cannot save: %s", filename, local->message);
          g_free (path);
          return NULL;
        }
      if (!g_path_is_absolute (link))
        {
          g_autofree char *dir = g_path_get_dirname (path);
          char *joined = g_build_filename (dir, link, NULL);
          g_free (path);
          path = joined;
        }
      else
        {
          g_free (path);
          path = g_steal_pointer (&link);
        }
    }

  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_LOOP,
               "%s: cannot save: too many levels of symbolic links", filename);
  g_free (path);
  return NULL;
}

static int
open_temp (const char  *dir,
           const char  *base,
           char       **temp_path)
{
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%08x.tmp", base,
                                               g_random_int ());
      char *path = g_build_filename (dir, name, NULL);
      /* 0644 here: the kernel takes the umask off for a new file. */
      int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY,
                       0644);

      if (fd >= 0)
        {
          *temp_path = path;
          return fd;
        }
      g_free (path);
      if (errno != EEXIST)
        return -1;
    }
  errno = EEXIST;
  return -1;
}

gboolean
strata_file_write (const char  *filename,
                   const char  *contents,
                   gsize        length,
                   GError     **error)
{
  return strata_file_write_full (filename, contents, length, STRATA_FILE_WRITE_DURABLE, error);
}

gboolean
strata_file_write_full (const char            *filename,
                        const char            *contents,
                        gsize                  length,
                        StrataFileWriteFlags   flags,
                        GError               **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp = NULL;
  struct stat st;
  gsize done = 0;
  int fd, dfd;

  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (contents != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  target = resolve_target (filename, error);
  if (target == NULL)
    return FALSE;

  if (g_stat (target, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, G_FILE_ERROR,
                   S_ISDIR (st.st_mode) ? G_FILE_ERROR_ISDIR : G_FILE_ERROR_INVAL,
                   "%s: cannot save: %s", filename,
                   describe_file_type (st.st_mode));
      return FALSE;
    }

  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);

  fd = open_temp (dir, base, &temp);
  if (fd < 0)
    return fail_errno (error, errno, filename,
                       "cannot save (cannot create a file in its folder)");

  /* Keep the owner (where permitted: as root, or a group we are in) and
   * the permission bits of the file we replace, but never the setuid and
   * setgid bits: a dataset or a chart is not a program, and a setuid bit
   * copied onto a file root just wrote is a gift to an attacker.  The
   * owner goes first, since chown may clear those bits anyway. */
  if (g_stat (target, &st) == 0)
    {
      if ((st.st_uid != geteuid () || st.st_gid != getegid ()) &&
          fchown (fd, st.st_uid, st.st_gid) != 0)
        {
          /* Not permitted (we are not root): at least keep the group when
           * we belong to it; the file then belongs to whoever saved it. */
          if (fchown (fd, (uid_t) -1, st.st_gid) != 0)
            errno = 0;
        }
      if (fchmod (fd, st.st_mode & 01777) != 0)
        goto fail;
    }

  while (done < length)
    {
      gssize n = write (fd, contents + done, MIN (length - done, (gsize) 1 << 20));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          goto fail;
        }
      done += (gsize) n;
    }

  if ((flags & STRATA_FILE_WRITE_DURABLE) && fsync (fd) != 0)
    goto fail;
  if (close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;

  if (g_rename (temp, target) != 0)
    goto fail;

  /* Make the rename itself durable. */
  dfd = flags & STRATA_FILE_WRITE_DURABLE ? g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
                                          : -1;
  if (dfd >= 0)
    {
      fsync (dfd);
      close (dfd);
    }
  return TRUE;

fail:
  {
    int saved = errno;

    if (fd >= 0)
      close (fd);
    g_unlink (temp);
    return fail_errno (error, saved, filename, "cannot save");
  }
}
