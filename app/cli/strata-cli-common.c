/* strata-cli-common.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include <strata/strata-format.h>

#include "strata-cli-private.h"

StrataDataset *
strata_cli_load (const char *filename)
{
  g_autoptr(GError) error = NULL;
  StrataDataset *dataset;

  dataset = strata_dataset_load_file (filename, &error);
  if (dataset == NULL)
    {
      /* The loader's message already names the file, one problem a line. */
      fprintf (stderr, "%s\n", error->message);
      return NULL;
    }
  return dataset;
}

int
_strata_cli_usage_error (const char *command,
                         const char *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    {
      fprintf (stderr, "strata-cli %s: %s\n", command, message);
      /* Translators: %s is a subcommand, "evaluate" or "set" for example */
      fprintf (stderr, _("Try “strata-cli %s --help” for more information.\n"), command);
    }
  else
    {
      fprintf (stderr, "strata-cli: %s\n", message);
      fputs (_("Try “strata-cli --help” for more information.\n"), stderr);
    }
  return STRATA_CLI_EXIT_USAGE;
}

int
_strata_cli_parse_options (const char      *command,
                           GOptionContext  *context,
                           const char      *missing,
                           int             *argc,
                           char          ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    return _strata_cli_usage_error (command, "%s", error->message);
  /* (*argv)[0] is the command name; the rest are positional. */
  if (*argc < 2)
    return _strata_cli_usage_error (command, "%s", missing != NULL ? missing
                                                   : _("missing the dataset FILE"));
  if (*argc > 2)
    return _strata_cli_usage_error (command, _("unexpected argument “%s”"), (*argv)[2]);
  return -1;
}

gboolean
_strata_cli_parse_format (const char       *text,
                          StrataCliFormat  *format,
                          GError          **error)
{
  if (g_strcmp0 (text, "table") == 0)
    *format = STRATA_CLI_FORMAT_TABLE;
  else if (g_strcmp0 (text, "csv") == 0)
    *format = STRATA_CLI_FORMAT_CSV;
  else if (g_strcmp0 (text, "json") == 0)
    *format = STRATA_CLI_FORMAT_JSON;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("unknown format “%s” (use table, csv or json)"), text);
      return FALSE;
    }
  return TRUE;
}

gboolean
_strata_cli_write_stdout (const GString *text)
{
  if (fwrite (text->str, 1, text->len, stdout) != text->len || fflush (stdout) != 0)
    {
      /* Translators: %s says why (from the system) */
      fprintf (stderr, _("strata-cli: cannot write the output: %s\n"), g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

gsize
_strata_cli_text_width (const char *text)
{
  gsize width = 0;

  if (!g_utf8_validate (text, -1, NULL))
    return strlen (text);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

char *
_strata_cli_choices_text (const StrataDataset *dataset,
                          const guint         *choices)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < dataset->n_layers; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "%s=%s", dataset->layers[i].id,
                              dataset->layers[i].options[choices[i]].id);
    }
  return g_string_free (out, FALSE);
}

void
_strata_cli_append_choices_json (GString             *out,
                                 const StrataDataset *dataset,
                                 const guint         *choices)
{
  g_string_append_c (out, '{');
  for (guint i = 0; i < dataset->n_layers; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      strata_append_json_string (out, dataset->layers[i].id);
      g_string_append (out, ": ");
      strata_append_json_string (out, dataset->layers[i].options[choices[i]].id);
    }
  g_string_append_c (out, '}');
}

void
_strata_cli_append_csv_field (GString    *out,
                              const char *field)
{
  gboolean formula;

  if (field == NULL)
    return;

  /* A text cell that a spreadsheet would run as a formula (=, +, -, @,
   * tab or CR first) is quoted and starts with an apostrophe, the
   * spreadsheets' own mark for "this is text" (OWASP, CSV injection). */
  formula = field[0] != '\0' && strchr ("=+-@\t\r", field[0]) != NULL;
  if (!formula && strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

struct _StrataCliTable
{
  guint      n_columns;
  gboolean  *right;   /* per column */
  GPtrArray *rows;    /* of GStrv */
};

StrataCliTable *
_strata_cli_table_new (guint n_columns)
{
  StrataCliTable *table = g_new0 (StrataCliTable, 1);

  table->n_columns = n_columns;
  table->right = g_new0 (gboolean, n_columns);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return table;
}

void
_strata_cli_table_free (StrataCliTable *table)
{
  if (table == NULL)
    return;
  g_free (table->right);
  g_ptr_array_unref (table->rows);
  g_free (table);
}

void
_strata_cli_table_align_right (StrataCliTable *table,
                               guint           column)
{
  g_return_if_fail (column < table->n_columns);

  table->right[column] = TRUE;
}

void
_strata_cli_table_add_row (StrataCliTable    *table,
                           const char *const *cells)
{
  char **row = g_new0 (char *, table->n_columns + 1);

  for (guint i = 0; i < table->n_columns; i++)
    row[i] = g_strdup (cells[i] ? cells[i] : "");
  g_ptr_array_add (table->rows, row);
}

static void
append_padding (GString *out,
                gsize    n)
{
  for (gsize i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

void
_strata_cli_table_render (StrataCliTable *table,
                          const char     *indent,
                          GString        *out)
{
  g_autofree gsize *widths = g_new0 (gsize, table->n_columns);
  gsize total = 0;

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);

      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], _strata_cli_text_width (row[c]));
    }
  for (guint c = 0; c < table->n_columns; c++)
    total += widths[c] + (c > 0 ? 2 : 0);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      gsize line_start = out->len;

      g_string_append (out, indent);
      for (guint c = 0; c < table->n_columns; c++)
        {
          gsize pad = widths[c] - _strata_cli_text_width (row[c]);

          if (c > 0)
            g_string_append (out, "  ");
          if (table->right[c])
            append_padding (out, pad);
          g_string_append (out, row[c]);
          if (!table->right[c])
            append_padding (out, pad);
        }
      /* No trailing blanks. */
      while (out->len > line_start && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');

      if (r == 0)
        {
          g_string_append (out, indent);
          for (gsize i = 0; i < total; i++)
            g_string_append (out, "─");
          g_string_append_c (out, '\n');
        }
    }
}
