/* bench-export.c: chart export speed, in process and against the peers
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part 1: every chart at 1920x1080 in every format, rendered and written
 * in this process; the median of --runs exports each.
 *
 * Part 2 (with --peers DIR --cli PATH): the peers' cost-curves chart
 * (../shared/bench/peers, small: 4 curves, large: 64) exported by
 * `strata-cli export` and by the plain-cairo floor, gnuplot and
 * matplotlib, one process per export, the tools taking turns within each
 * run so that machine noise hits them alike.  Prints medians and the
 * ratio of each tool to the floor.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include <strata/strata-chart.h>

static int runs = 7;
static char *dataset_path = NULL;
static char *peers_dir = NULL;
static char *cli_path = NULL;
static char *cli_before_path = NULL;
static gboolean skip_in_process = FALSE;
static gboolean small_only = FALSE;
static gboolean no_slow_peers = FALSE;

static GOptionEntry entries[] = {
  { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Timed runs per cell (default 7)", "N" },
  { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &dataset_path, "Dataset for part 1 (default: the AI cloud sample)", "FILE" },
  { "peers", 'p', 0, G_OPTION_ARG_FILENAME, &peers_dir, "The peers folder (enables part 2)", "DIR" },
  { "cli", 'c', 0, G_OPTION_ARG_FILENAME, &cli_path, "strata-cli to time in part 2", "PATH" },
  { "cli-before", 0, 0, G_OPTION_ARG_FILENAME, &cli_before_path, "Another strata-cli (a build before a change) taking turns with the others in part 2", "PATH" },
  { "peers-only", 0, 0, G_OPTION_ARG_NONE, &skip_in_process, "Skip part 1", NULL },
  { "small-only", 0, 0, G_OPTION_ARG_NONE, &small_only, "Part 2: the small chart only", NULL },
  { "no-slow-peers", 0, 0, G_OPTION_ARG_NONE, &no_slow_peers, "Part 2: Strata and the floor only (no gnuplot, no matplotlib)", NULL },
  { NULL }
};

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  if (n == 0)
    return -1;
  qsort (values, n, sizeof (double), compare_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* -- part 1 ------------------------------------------------------------------- */

static void
bench_in_process (const char *tmpdir)
{
  static const StrataExportFormat formats[] = { STRATA_EXPORT_PNG, STRATA_EXPORT_SVG, STRATA_EXPORT_PDF };
  g_autoptr(GError) error = NULL;
  g_autoptr(StrataDataset) dataset = NULL;
  g_autofree const StrataStrategy **strategies = NULL;
  StrataChartRequest request = { 0 };
  g_autofree char *path = NULL;

  if (dataset_path == NULL)
    {
      const char *root = g_getenv ("STRATA_SOURCE_ROOT");

      dataset_path = g_build_filename (root != NULL ? root : ".", "data", "datasets",
                                       "ai-cloud-stack.strata.json", NULL);
    }
  dataset = strata_dataset_load_file (dataset_path, &error);
  if (dataset == NULL)
    {
      fprintf (stderr, "bench-export: %s\n", error->message);
      exit (1);
    }
  strategies = strata_chart_default_strategies (dataset, &request.n_strategies);
  request.dataset = dataset;
  request.strategies = strategies;
  request.volume = dataset->volume_default;

  printf ("## In process: %s, %u strategies, 1920x1080, median of %d (ms)\n\n",
          dataset_path, request.n_strategies, runs);
  printf ("| chart | png | svg | pdf |\n|---|---:|---:|---:|\n");

  for (guint k = 0; k < STRATA_N_CHARTS; k++)
    {
      printf ("| %s |", strata_chart_kind_to_string (k));
      for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
        {
          g_autofree double *times = g_new (double, runs);

          g_free (path);
          path = g_strdup_printf ("%s/in-process.%s", tmpdir, strata_export_format_to_string (formats[f]));
          for (int r = -1; r < runs; r++)   /* one warm-up */
            {
              gint64 start = g_get_monotonic_time ();

              if (!strata_chart_export (k, &request, formats[f], 1920, 1080, 1.0, path, &error))
                {
                  fprintf (stderr, "bench-export: %s\n", error->message);
                  exit (1);
                }
              if (r >= 0)
                times[r] = (g_get_monotonic_time () - start) / 1000.0;
            }
          printf (" %.1f |", median (times, runs));
          fflush (stdout);
        }
      printf ("\n");
    }
  printf ("\n");
  g_unlink (path);
}

/* -- part 2 ------------------------------------------------------------------- */

enum { TOOL_STRATA, TOOL_STRATA_CAIRO, TOOL_STRATA_BEFORE, TOOL_FLOOR, TOOL_GNUPLOT, TOOL_MPL,
       N_TOOLS };

static const char *tool_names[N_TOOLS] = {
  "Strata (strata-cli export)", "Strata, cairo's PNG writer", "Strata, --cli-before",
  "plain cairo (floor)", "gnuplot", "matplotlib",
};

/* The second Strata row is the same program with STRATA_PNG_ENCODER=cairo:
 * it only differs for PNG.  The third is --cli-before's, when given. */
static gboolean
tool_applies (int         tool,
              const char *format)
{
  if (tool == TOOL_STRATA_BEFORE)
    return cli_before_path != NULL;
  if (no_slow_peers && (tool == TOOL_GNUPLOT || tool == TOOL_MPL))
    return FALSE;
  return tool != TOOL_STRATA_CAIRO || g_str_equal (format, "png");
}

/* A row in the tables: every tool but --cli-before's when not given (and
 * with --no-slow-peers, not gnuplot's and matplotlib's). */
static gboolean
tool_shown (int tool)
{
  if (no_slow_peers && (tool == TOOL_GNUPLOT || tool == TOOL_MPL))
    return FALSE;
  return tool != TOOL_STRATA_BEFORE || cli_before_path != NULL;
}

static double
children_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* Wall seconds of one process (and its user + system CPU seconds in
 * @cpu), or -1 when it failed. */
static double
time_command (char  **argv,
              char  **envp,
              double *cpu)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double cpu_start = children_cpu ();
  int status = 0;

  if (!g_spawn_sync (NULL, argv, envp,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error))
    return -1;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return -1;
  if (cpu != NULL)
    *cpu = children_cpu () - cpu_start;
  return (g_get_monotonic_time () - start) / 1e6;
}

static GPtrArray *
command_for (int         tool,
             const char *format,
             const char *variant,
             const char *out,
             const char *floor_bin)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  switch (tool)
    {
    case TOOL_STRATA:
    case TOOL_STRATA_CAIRO:
    case TOOL_STRATA_BEFORE:
      {
        guint n = g_str_equal (variant, "small") ? 4 : 64;

        g_ptr_array_add (argv, g_strdup (tool == TOOL_STRATA_BEFORE ? cli_before_path : cli_path));
        g_ptr_array_add (argv, g_strdup ("export"));
        g_ptr_array_add (argv, g_strdup_printf ("%s/cost-curves-%s.strata.json", peers_dir, variant));
        g_ptr_array_add (argv, g_strdup ("--chart"));
        g_ptr_array_add (argv, g_strdup ("cost-curves"));
        g_ptr_array_add (argv, g_strdup ("--format"));
        g_ptr_array_add (argv, g_strdup (format));
        for (guint i = 0; i < n; i++)
          {
            g_ptr_array_add (argv, g_strdup ("--strategy"));
            g_ptr_array_add (argv, g_strdup_printf ("c%u", i));
          }
        g_ptr_array_add (argv, g_strdup ("-o"));
        g_ptr_array_add (argv, g_strdup (out));
      }
      break;
    case TOOL_FLOOR:
      g_ptr_array_add (argv, g_strdup (floor_bin));
      g_ptr_array_add (argv, g_strdup (format));
      g_ptr_array_add (argv, g_strdup (variant));
      g_ptr_array_add (argv, g_strdup (out));
      break;
    case TOOL_GNUPLOT:
      g_ptr_array_add (argv, g_strdup_printf ("%s/gnuplot_cost_curves.sh", peers_dir));
      g_ptr_array_add (argv, g_strdup (format));
      g_ptr_array_add (argv, g_strdup (variant));
      g_ptr_array_add (argv, g_strdup (out));
      break;
    case TOOL_MPL:
    default:
      g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
      g_ptr_array_add (argv, g_strdup_printf ("%s/mpl_cost_curves.py", peers_dir));
      g_ptr_array_add (argv, g_strdup (format));
      g_ptr_array_add (argv, g_strdup (variant));
      g_ptr_array_add (argv, g_strdup (out));
      break;
    }
  g_ptr_array_add (argv, NULL);
  return argv;
}

static void
print_table (double result[N_TOOLS][2][3])
{
  printf ("| tool | png small | svg small | pdf small | png large | svg large | pdf large |\n");
  printf ("|---|---:|---:|---:|---:|---:|---:|\n");
  for (int t = 0; t < N_TOOLS; t++)
    {
      if (!tool_shown (t))
        continue;
      printf ("| %s |", tool_names[t]);
      for (guint v = 0; v < 2; v++)
        for (guint f = 0; f < 3; f++)
          if (result[t][v][f] >= 0)
            printf (" %.3f |", result[t][v][f]);
          else if (result[t][v][f] == -2)
            printf (" |");
          else
            printf (" failed |");
      printf ("\n");
    }
}

static void
print_ratios (double result[N_TOOLS][2][3])
{
  printf ("| tool | png small | svg small | pdf small | png large | svg large | pdf large |\n");
  printf ("|---|---:|---:|---:|---:|---:|---:|\n");
  for (int t = 0; t < N_TOOLS; t++)
    {
      if (t == TOOL_FLOOR || !tool_shown (t))
        continue;
      printf ("| %s |", tool_names[t]);
      for (guint v = 0; v < 2; v++)
        for (guint f = 0; f < 3; f++)
          if (result[t][v][f] > 0 && result[TOOL_FLOOR][v][f] > 0)
            printf (" %.2fx |", result[t][v][f] / result[TOOL_FLOOR][v][f]);
          else if (result[t][v][f] == -2)
            printf (" |");
          else
            printf (" n/a |");
      printf ("\n");
    }
}

static char *
build_floor (const char *tmpdir)
{
  const char *files[] = { "cairo_cost_curves.c", "Makefile" };
  char *argv[] = { (char *) "make", (char *) "-s", (char *) "-C", (char *) tmpdir, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *src = g_build_filename (peers_dir, files[i], NULL);
      g_autofree char *dst = g_build_filename (tmpdir, files[i], NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_get_contents (src, &contents, &length, NULL) ||
          !g_file_set_contents (dst, contents, length, NULL))
        {
          fprintf (stderr, "bench-export: cannot copy %s\n", src);
          exit (1);
        }
    }
  if (time_command (argv, NULL, NULL) < 0)
    {
      fprintf (stderr, "bench-export: building the plain-cairo peer failed\n");
      exit (1);
    }
  return g_build_filename (tmpdir, "cairo_cost_curves", NULL);
}

static void
bench_peers (const char *tmpdir)
{
  static const char *variants[] = { "small", "large" };
  static const char *formats[] = { "png", "svg", "pdf" };
  g_autofree char *floor_bin = build_floor (tmpdir);
  double result[N_TOOLS][2][3];
  double result_cpu[N_TOOLS][2][3];
  gint64 png_bytes[N_TOOLS][2] = { { 0 } };
  g_auto(GStrv) cairo_env = g_environ_setenv (g_get_environ (), "STRATA_PNG_ENCODER", "cairo", TRUE);

  printf ("## Peers' cost-curves chart, 1920x1080, one process per export, median of %d (wall s)\n\n", runs);

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        double times[N_TOOLS][64];
        double cpus[N_TOOLS][64];
        guint n_ok[N_TOOLS] = { 0 };

        if (small_only && v > 0)
          {
            for (int t = 0; t < N_TOOLS; t++)
              result[t][v][f] = result_cpu[t][v][f] = -2;
            continue;
          }
        for (int r = -1; r < runs; r++)   /* one warm-up round */
          for (int t = 0; t < N_TOOLS; t++)
            {
              /* Rotate the starting tool each run. */
              int tool = (t + MAX (r, 0)) % N_TOOLS;
              g_autofree char *out = g_strdup_printf ("%s/peer-%d.%s", tmpdir, tool, formats[f]);
              g_autoptr(GPtrArray) argv = NULL;
              double cpu = 0;
              double s;

              if (!tool_applies (tool, formats[f]))
                continue;
              argv = command_for (tool, formats[f], variants[v], out, floor_bin);
              s = time_command ((char **) argv->pdata, tool == TOOL_STRATA_CAIRO ? cairo_env : NULL, &cpu);
              if (r >= 0 && s >= 0 && n_ok[tool] < G_N_ELEMENTS (times[tool]))
                {
                  cpus[tool][n_ok[tool]] = cpu;
                  times[tool][n_ok[tool]++] = s;
                }
              if (r < 0 && f == 0)
                {
                  GStatBuf st;

                  if (g_stat (out, &st) == 0)
                    png_bytes[tool][v] = st.st_size;
                }
            }
        for (int t = 0; t < N_TOOLS; t++)
          {
            if (!tool_applies (t, formats[f]))
              {
                result[t][v][f] = result_cpu[t][v][f] = -2;
                continue;
              }
            result[t][v][f] = n_ok[t] == (guint) runs ? median (times[t], n_ok[t]) : -1;
            result_cpu[t][v][f] = n_ok[t] == (guint) runs ? median (cpus[t], n_ok[t]) : -1;
          }
        fprintf (stderr, "  %s %s done\n", variants[v], formats[f]);
      }

  print_table (result);
  printf ("\nUser + system CPU of the same processes, median (s):\n\n");
  print_table (result_cpu);
  printf ("\nRatio to the plain-cairo floor, wall (lower is faster):\n\n");
  print_ratios (result);
  printf ("\nRatio to the plain-cairo floor, CPU:\n\n");
  print_ratios (result_cpu);
  printf ("\nPNG file sizes (bytes):\n\n| tool | small | large |\n|---|---:|---:|\n");
  for (int t = 0; t < N_TOOLS; t++)
    if (tool_shown (t))
      printf ("| %s | %" G_GINT64_FORMAT " | %" G_GINT64_FORMAT " |\n", tool_names[t],
            png_bytes[t][0], png_bytes[t][1]);
  printf ("\n");
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time chart exports");
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-export: %s\n", error->message);
      return 2;
    }
  if (runs < 1 || runs > 64)
    {
      fprintf (stderr, "bench-export: --runs must be between 1 and 64\n");
      return 2;
    }
  if ((peers_dir == NULL) != (cli_path == NULL))
    {
      fprintf (stderr, "bench-export: --peers and --cli go together\n");
      return 2;
    }
  if (cli_before_path != NULL && cli_path == NULL)
    {
      fprintf (stderr, "bench-export: --cli-before needs --peers and --cli\n");
      return 2;
    }

  tmpdir = g_dir_make_tmp ("bench-export-XXXXXX", &error);
  if (tmpdir == NULL)
    {
      fprintf (stderr, "bench-export: %s\n", error->message);
      return 1;
    }

  if (!skip_in_process)
    bench_in_process (tmpdir);
  if (peers_dir != NULL)
    bench_peers (tmpdir);

  /* Leave nothing behind. */
  {
    GDir *dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);

        g_unlink (path);
      }
    if (dir != NULL)
      g_dir_close (dir);
    g_rmdir (tmpdir);
  }
  return 0;
}
