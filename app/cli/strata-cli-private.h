/* strata-cli-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <strata/strata-dataset.h>
#include <strata/strata-model.h>
#include <strata/strata-roadmap-mc.h>

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

/* `"monte_carlo": {…}` of one plan of a horizon's Monte Carlo
 * (strata-cli-roadmap.c; the montecarlo command's horizon too). */
void           _strata_cli_append_roadmap_mc_json (GString                   *out,
                                                   const StrataRoadmapMcPlan *mc);
/* A percentile of calendar years ("2030", "2030.5"). */
char          *_strata_cli_year_text (double year);

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

/* Parses the options of @command with @context; on success (*argv)[1] is
 * the one FILE and the result is -1, else the exit status after a usage
 * message (@missing, or "missing the dataset FILE", when FILE is). */
int            _strata_cli_parse_options (const char      *command,
                                          GOptionContext  *context,
                                          const char      *missing,
                                          int             *argc,
                                          char          ***argv);

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

/* -- validate, evaluate, breakeven, ladder and montecarlo: their options
 * are parsed in strata-cli.c, each runs in strata-cli-NAME.c -- */

/* Id of a strategy given with --choices (MODEL.md has no id for it). */
#define CUSTOM_STRATEGY_ID "custom"

typedef enum
{
  SELECT_STRATEGY,  /* an id: preset or the dataset's own */
  SELECT_CHOICES,   /* "layer=option,layer=option" */
} SelectorKind;

typedef struct
{
  SelectorKind kind;
  char        *text;
} Selector;

typedef struct
{
  const char      *command;
  GPtrArray       *selectors;   /* (element-type Selector) in the order asked */
  GArray          *volumes;     /* (element-type double) in the order asked */
  StrataCliFormat  format;
  StrataObjective  objective;   /* evaluate, breakeven, ladder */
  char            *strategy;    /* breakeven: A */
  char            *versus;      /* breakeven: B */
  guint            points;      /* ladder */
  guint            draws;       /* montecarlo */
  guint64          seed;        /* montecarlo */
  guint            mc_points;   /* montecarlo */
} CliOptions;

int            _strata_cli_run_validate   (CliOptions *options,
                                           const char *filename);
int            _strata_cli_run_evaluate   (CliOptions *options,
                                           const char *filename);
int            _strata_cli_run_breakeven  (CliOptions *options,
                                           const char *filename);
int            _strata_cli_run_ladder     (CliOptions *options,
                                           const char *filename);
int            _strata_cli_run_montecarlo (CliOptions *options,
                                           const char *filename);

/* -- Progress on a terminal (strata-cli-output.c) --
 * A long run tells its share done on standard error, when that is a
 * terminal (or STRATA_CLI_PROGRESS=1; =0 never), on one line it clears at
 * the end: "strata-cli switchpoints: 42 %", and after 3 s its time left
 * when over 15 s ("42 % (about 3 minutes left)").  Nothing for a run
 * shorter than half a second; standard output is never touched. */
typedef struct
{
  const char *command;
  gboolean    on;
  gboolean    forced;    /* STRATA_CLI_PROGRESS=1: at once, every report */
  gboolean    shown;
  gint64      start, last;
  gsize       width;     /* the bytes of the line last shown */
  GMutex      lock;
} StrataCliProgress;

void           _strata_cli_progress_init  (StrataCliProgress *progress,
                                           const char        *command);
void           _strata_cli_progress_cb    (double             fraction,
                                           gpointer           data);
void           _strata_cli_progress_end   (StrataCliProgress *progress);

/* -- Output helpers (strata-cli-output.c) -- */

/* The shortest form that reads back the same double. */
void           _strata_cli_append_json_number (GString *out,
                                               double   value);
/* A non-finite figure (none found, never) is null. */
void           _strata_cli_append_json_number_or_null (GString *out,
                                                       double   value);
void           _strata_cli_append_json_key    (GString    *out,
                                               const char *key);
/* "{ "dataset": title, "objective": ..., " : how every JSON document of
 * strata-cli opens. */
void           _strata_cli_append_json_opening (GString             *out,
                                                const StrataDataset *dataset,
                                                StrataObjective      objective);
/* A non-finite figure is an empty field, never "null" or "nan". */
void           _strata_cli_append_csv_number  (GString *out,
                                               double   value);
/* RFC 4180 ends records with CRLF. */
const char    *_strata_cli_csv_row_end        (void);
/* "[10 M, 100 B]" */
char          *_strata_cli_format_range       (const StrataDataset *dataset);
/* Title, unit, currency, price and volume range: every table's header. */
void           _strata_cli_append_table_header (GString             *out,
                                                const StrataDataset *dataset);
/* "Objective: effective (...)" under the header of every table that
 * depends on the objective. */
void           _strata_cli_append_objective_line (GString         *out,
                                                  StrataObjective  objective);
gboolean       _strata_cli_volume_in_range    (const StrataDataset *dataset,
                                               double               volume);
/* The strategy @id, or NULL after a usage message that lists the known
 * ids (*status is then the exit status). */
const StrataStrategy *
               _strata_cli_find_strategy_or_complain (const StrataDataset *dataset,
                                                      const char          *command,
                                                      const char          *id,
                                                      int                 *status);

G_END_DECLS
