/* strata-cli-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <strata/strata-dataset.h>

G_BEGIN_DECLS

/* Exit status of strata-cli (MODEL.md section 7). */
#define STRATA_CLI_EXIT_OK      0
#define STRATA_CLI_EXIT_REFUSED 1
#define STRATA_CLI_EXIT_USAGE   2

typedef enum
{
  STRATA_CLI_FORMAT_TABLE,
  STRATA_CLI_FORMAT_CSV,
  STRATA_CLI_FORMAT_JSON,
} StrataCliFormat;

/* Loads @filename; on failure prints every problem to stderr, one line
 * each, and returns NULL. */
StrataDataset *strata_cli_load   (const char *filename);

/* `strata-cli export ...`: @argv[0] is "export". */
int            strata_cli_export (int         argc,
                                  char      **argv);

/* `strata-cli roadmap ...`: @argv[0] is "roadmap". */
int            strata_cli_roadmap (int        argc,
                                   char     **argv);

/* `strata-cli switchpoints ...`: @argv[0] is "switchpoints"
 * (strata-cli-switchpoints.c). */
int            strata_cli_switchpoints (int    argc,
                                        char **argv);

/* `strata-cli set ...` and `strata-cli format ...`: @argv[0] is the
 * command (strata-cli-edit.c). */
int            strata_cli_set    (int         argc,
                                  char      **argv);
int            strata_cli_format (int         argc,
                                  char      **argv);

/* Prints "strata-cli @command: @message" and a hint to --help on stderr;
 * returns STRATA_CLI_EXIT_USAGE. */
int            _strata_cli_usage_error   (const char *command,
                                          const char *format,
                                          ...) G_GNUC_PRINTF (2, 3);

/* "table", "csv" or "json"; FALSE with @error for anything else. */
gboolean       _strata_cli_parse_format  (const char       *text,
                                          StrataCliFormat  *format,
                                          GError          **error);

/* Writes @text to stdout; FALSE (with a message on stderr) when stdout
 * cannot be written. */
gboolean       _strata_cli_write_stdout  (const GString *text);

/* Columns a terminal uses for the UTF-8 @text (wide characters count two,
 * combining marks none). */
gsize          _strata_cli_text_width    (const char *text);

/* "chips=asic,cloud=aws": the --choices syntax of @choices. */
char          *_strata_cli_choices_text  (const StrataDataset *dataset,
                                          const guint         *choices);

/* Appends {"LAYER": "OPTION", ...} to @out. */
void           _strata_cli_append_choices_json (GString             *out,
                                                const StrataDataset *dataset,
                                                const guint         *choices);

/* Appends one RFC 4180 text field (quoted when it holds a comma, quote or
 * line break; quoted with a leading apostrophe when it starts like a
 * spreadsheet formula: =, +, -, @, tab, CR). */
void           _strata_cli_append_csv_field (GString    *out,
                                             const char *field);

/* A text table with aligned columns. */
typedef struct _StrataCliTable StrataCliTable;

StrataCliTable *_strata_cli_table_new       (guint           n_columns);
void            _strata_cli_table_free      (StrataCliTable *table);
/* Right-aligns column @column (numbers); columns are left-aligned by default. */
void            _strata_cli_table_align_right (StrataCliTable *table,
                                               guint           column);
/* Adds a row of n_columns cells; the first row added is the header. */
void            _strata_cli_table_add_row   (StrataCliTable *table,
                                             const char     *const *cells);
void            _strata_cli_table_render    (StrataCliTable *table,
                                             const char     *indent,
                                             GString        *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StrataCliTable, _strata_cli_table_free)

G_END_DECLS
