/* bench-montecarlo.c
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "strata/strata-switchpoints.h"
#include "strata/strata-uncertainty.h"

/*
 * The Monte Carlo of MODEL.md section 6 (issue 13): 10,000 draws x 256
 * volumes over every preset and dataset strategy of each sample, the run
 * `strata-cli montecarlo FILE --draws 10000 --points 256` makes, on one
 * thread and on one per processor.  Each figure is the median of --runs
 * runs, wall and CPU time apart (on a shared machine CPU time divided by
 * the threads is the fair wall estimate).  Also the switch points of
 * every number at the default volume (the optimum), median ms.  Checks
 * that both thread counts give the same figures to the last bit.
 *
 * Then the command itself, `strata-cli montecarlo FILE --draws N --points
 * N --format json` (section 6, the horizon's Monte Carlo when the dataset
 * has a horizon, the printing), one process per run, on one processor
 * (affinity) and on all: the best and the median wall time and the best
 * processor time (user + system of the process).  The CLI is $STRATA_CLI,
 * else app/cli/strata-cli beside this program's build folder.
 *
 * The same command on a copy of the dataset without its horizon (MODEL.md
 * 8: "without one, nothing below applies and every other section is
 * unchanged"): section 6 alone, the computation the numpy peer makes.
 *
 * With --numpy, the numpy peer (tests/bench/bench-montecarlo-numpy.py,
 * section 6 vectorised the way an analyst would write it, on the same
 * file; it reads no horizon; timed inside Python, so without its start-up
 * and import of numpy) runs on each dataset right after the command, and
 * the ratios of the best wall and processor times are shown: against the
 * command on the copy without a horizon (the same computation on both
 * sides: the figures of the target), and against the command on
 * the file itself (which also runs the horizon's Monte Carlo).  The load
 * average is printed before and after each dataset.
 *
 * Usage: bench-montecarlo [--runs N] [--draws N] [--points N] [--numpy] [--cli-only] [FILE...]
 * (default: the four samples of data/datasets, found from the source
 * root given by STRATA_SOURCE_ROOT or the current directory).
 */

static double
now (void)
{
  return (double) g_get_monotonic_time () / 1e6;
}

/* CPU seconds of every thread of the process so far. */
static double
cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static gboolean
same_figures (const StrataMonteCarlo *a,
              const StrataMonteCarlo *b)
{
  gsize cells = (gsize) a->n_strategies * a->n_points;

  return memcmp (a->p10, b->p10, cells * sizeof (double)) == 0 &&
         memcmp (a->p50, b->p50, cells * sizeof (double)) == 0 &&
         memcmp (a->p90, b->p90, cells * sizeof (double)) == 0 &&
         memcmp (a->probability_cheaper, b->probability_cheaper, cells * sizeof (double)) == 0 &&
         memcmp (a->layer_integrated, b->layer_integrated,
                 (gsize) a->n_points * a->n_layers * sizeof (double)) == 0 &&
         memcmp (&a->breakeven_p50, &b->breakeven_p50, sizeof (double)) == 0 &&
         a->no_crossing_share == b->no_crossing_share;
}

/* The numpy peer on @path: its best processor time in seconds (NAN when
 * it could not run, with the reason on stderr), its best wall time into
 * @wall_out. */
static double
numpy_cpu (const char *path,
           int         runs,
           int         draws,
           int         points,
           double     *wall_out)
{
  const char *root = g_getenv ("STRATA_SOURCE_ROOT");
  g_autofree char *script = g_build_filename (root != NULL ? root : ".", "tests", "bench",
                                              "bench-montecarlo-numpy.py", NULL);
  g_autofree char *runs_s = g_strdup_printf ("%d", runs);
  g_autofree char *draws_s = g_strdup_printf ("%d", draws);
  g_autofree char *points_s = g_strdup_printf ("%d", points);
  const char *argv[] = { "/usr/bin/python3", script, "--runs", runs_s, "--draws", draws_s,
                         "--points", points_s, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  *wall_out = NAN;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("numpy peer: %s\n", error->message);
      return NAN;
    }
  /* The last line: NAME WALL s CPU s P50. */
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  for (guint i = g_strv_length (lines); i > 0; i--)
    {
      double wall, cpu_s;
      char name[256];

      if (sscanf (lines[i - 1], "%255s %lf s %lf s", name, &wall, &cpu_s) == 3)
        {
          *wall_out = wall;
          return cpu_s;
        }
    }
  g_printerr ("numpy peer: no figure in its output\n");
  return NAN;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

/* The median wall time of @runs runs (the median CPU time into @cpu_out). */
static double
median_time (const StrataDataset    *dataset,
             StrataMonteCarloParams *params,
             guint                   n_threads,
             guint                   runs,
             StrataMonteCarlo      **keep,
             double                 *cpu_out)
{
  g_autofree double *walls = g_new (double, runs);
  g_autofree double *cpus = g_new (double, runs);

  params->n_threads = n_threads;
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      double start = now (), start_cpu = cpu ();
      StrataMonteCarlo *mc = strata_monte_carlo_run (dataset, params, NULL, &error);

      walls[r] = now () - start;
      cpus[r] = cpu () - start_cpu;
      if (mc == NULL)
        g_error ("%s", error->message);
      if (r == 0 && keep != NULL)
        *keep = mc;
      else
        strata_monte_carlo_free (mc);
    }
  *cpu_out = median (cpus, runs);
  return median (walls, runs);
}

/* Switch points of every number of @dataset at its default volume (the
 * optimum's decision, MODEL.md 6): the median wall time of @runs, in ms. */
static double
switch_points_ms (const StrataDataset *dataset,
                  guint                runs)
{
  g_autofree double *walls = g_new (double, runs);

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      double start = now ();
      StrataSwitchPoints *points = strata_switch_points_find (dataset, dataset->volume_default,
                                                              STRATA_OBJECTIVE_EFFECTIVE, NULL,
                                                              NULL, &error);

      walls[r] = (now () - start) * 1e3;
      if (points == NULL)
        g_error ("%s", error->message);
      strata_switch_points_free (points);
    }
  return median (walls, runs);
}

/* The load average over the last minute (NAN when unknown). */
static double
load_average (void)
{
  double load[1];

  return getloadavg (load, 1) == 1 ? load[0] : NAN;
}

/* One run of @argv with its output to /dev/null, on processor 0 alone
 * when @one_cpu: wall time, and user + system time of the process into
 * @cpu_out.  Exits on failure. */
static double
run_process (char *const *argv,
             gboolean     one_cpu,
             double      *cpu_out)
{
  struct rusage usage;
  double start = now ();
  int status;
  pid_t pid = fork ();

  if (pid < 0)
    g_error ("fork: %s", g_strerror (errno));
  if (pid == 0)
    {
      int null = open ("/dev/null", O_WRONLY);

      if (one_cpu)
        {
          cpu_set_t set;

          CPU_ZERO (&set);
          CPU_SET (0, &set);
          sched_setaffinity (0, sizeof set, &set);
        }
      dup2 (null, 1);
      execv (argv[0], argv);
      _exit (127);
    }
  if (wait4 (pid, &status, 0, &usage) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s %s failed", argv[0], argv[1]);
  *cpu_out = (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
             (double) usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  return now () - start;
}

typedef struct
{
  double best_wall, median_wall, best_cpu;
} CliTimes;

/* `strata-cli montecarlo @path --draws @draws --points @points --format
 * json`, @runs times. */
static CliTimes
cli_times (const char *cli,
           const char *path,
           int         runs,
           int         draws,
           int         points,
           gboolean    one_cpu)
{
  g_autofree char *draws_s = g_strdup_printf ("%d", draws);
  g_autofree char *points_s = g_strdup_printf ("%d", points);
  char *argv[] = { (char *) cli, "montecarlo", (char *) path, "--draws", draws_s,
                   "--points", points_s, "--format", "json", NULL };
  g_autofree double *walls = g_new (double, runs);
  CliTimes t = { INFINITY, 0, INFINITY };

  for (int r = 0; r < runs; r++)
    {
      double c;

      walls[r] = run_process (argv, one_cpu, &c);
      t.best_wall = MIN (t.best_wall, walls[r]);
      t.best_cpu = MIN (t.best_cpu, c);
    }
  t.median_wall = median (walls, (guint) runs);
  return t;
}

/* A copy of the dataset @path without its "horizon" member, in a
 * temporary file (the caller removes it): the same dataset for sections
 * 3 to 7.  Exits on failure. */
static char *
without_horizon (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf ("no-horizon-XXXXXX-%s", base);
  char *out = NULL;
  JsonNode *root;
  int fd;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    g_error ("%s: not a JSON object", path);
  json_object_remove_member (json_node_get_object (root), "horizon");
  fd = g_file_open_tmp (name, &out, &error);
  if (fd < 0)
    g_error ("%s", error->message);
  close (fd);
  json_generator_set_root (generator, root);
  if (!json_generator_to_file (generator, out, &error))
    g_error ("%s: %s", out, error->message);
  return out;
}

/* The CLI beside this program: BUILD/tests/bench/bench-montecarlo ->
 * BUILD/app/cli/strata-cli. */
static char *
find_cli (const char *argv0)
{
  const char *env = g_getenv ("STRATA_CLI");
  g_autofree char *dir = NULL;

  if (env != NULL)
    return g_strdup (env);
  dir = g_path_get_dirname (argv0);
  return g_build_filename (dir, "..", "..", "app", "cli", "strata-cli", NULL);
}

int
main (int    argc,
      char **argv)
{
  int runs = 3, draws = 10000, points = 256;
  gboolean numpy = FALSE, cli_only = FALSE;
  g_auto(GStrv) files = NULL;
  g_autofree char *cli = find_cli (argv[0]);
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per figure (median kept)", "N" },
    { "draws", 0, 0, G_OPTION_ARG_INT, &draws, "Draws", "N" },
    { "points", 0, 0, G_OPTION_ARG_INT, &points, "Volumes", "N" },
    { "numpy", 0, 0, G_OPTION_ARG_NONE, &numpy, "Also run the numpy peer on each dataset", NULL },
    { "cli-only", 0, 0, G_OPTION_ARG_NONE, &cli_only, "Only the strata-cli command (and the peer)", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, "FILE..." },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- Monte Carlo benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint n_cpu = (guint) g_get_num_processors ();
  gboolean all_same = TRUE;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (files != NULL)
    for (guint i = 0; files[i] != NULL; i++)
      g_ptr_array_add (paths, g_strdup (files[i]));
  else
    {
      const char *root = g_getenv ("STRATA_SOURCE_ROOT");
      const char *names[] = { "ai-cloud-stack", "ai-model-lab", "consumer-devices", "retailer" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        g_ptr_array_add (paths, g_strdup_printf ("%s/data/datasets/%s.strata.json",
                                                 root != NULL ? root : ".", names[i]));
    }

  if (!cli_only)
    {
    g_print ("Monte Carlo, %d draws x %d volumes, every preset and dataset strategy; "
             "median of %d runs; %u processors\n\n", draws, points, runs, n_cpu);
    g_print ("wall: elapsed time; cpu: processor time of all threads (on a loaded machine\n"
             "the wall time also counts waiting for a processor)\n\n");
    g_print ("%-18s %14s %14s %14s %14s  %-12s %14s", "dataset", "1 thread wall", "1 thread cpu",
             "all wall", "all cpu", "same figures", "switch points");
    if (numpy)
      g_print (" %12s %14s", "numpy cpu", "numpy / strata");
    g_print ("\n");

    for (guint i = 0; i < paths->len; i++)
      {
        g_autoptr(StrataDataset) dataset = NULL;
        StrataMonteCarlo *one = NULL, *all = NULL;
        StrataMonteCarloParams params;
        g_autofree char *base = g_path_get_basename (g_ptr_array_index (paths, i));
        double t1, tn, c1, cn;
        gboolean same;

        dataset = strata_dataset_load_file (g_ptr_array_index (paths, i), &error);
        if (dataset == NULL)
          {
            g_printerr ("%s\n", error->message);
            return 1;
          }
        strata_monte_carlo_params_init (&params, dataset);
        params.n_draws = (guint) draws;
        params.n_points = (guint) points;

        t1 = median_time (dataset, &params, 1, (guint) runs, &one, &c1);
        tn = median_time (dataset, &params, 0, (guint) runs, &all, &cn);
        same = same_figures (one, all);
        all_same &= same;
        *strstr (base, ".strata.json") = '\0';
        g_print ("%-18s %12.3f s %12.3f s %12.3f s %12.3f s  %-12s %11.1f ms", base, t1, c1, tn, cn,
                 same ? "yes" : "NO", switch_points_ms (dataset, (guint) MAX (runs, 5)));
        if (numpy)
          {
            double np_wall;
            double np_cpu = numpy_cpu (g_ptr_array_index (paths, i), runs, draws, points, &np_wall);

            g_print (" %10.3f s %13.1fx", np_cpu, np_cpu / MIN (c1, cn));
          }
        g_print ("\n");
        strata_monte_carlo_free (one);
        strata_monte_carlo_free (all);
      }
    }

  /* The command as users run it, then on section 6 alone, beside the peer. */
  g_print ("\n`%s montecarlo FILE --draws %d --points %d --format json`, one process a run, "
           "%d runs: best and median wall time, best processor time (user + system); "
           "1 cpu: bound to one processor; s6: the same on FILE without its horizon "
           "(section 6 alone)\n", cli, draws, points, runs);
  if (numpy)
    g_print ("numpy: the peer's best wall and processor time (inside Python, section 6); "
             "ratios: numpy / strata-cli on all processors, best against best, against s6 "
             "(the same computation) and against the command with its horizon\n");
  g_print ("\n%-18s %6s %11s %11s %10s %11s %10s %10s %10s", "dataset", "load", "1 cpu wall",
           "1 cpu cpu", "best wall", "median wall", "best cpu", "s6 wall", "s6 cpu");
  if (numpy)
    g_print (" %11s %10s %11s %10s %12s %11s", "numpy wall", "numpy cpu", "s6 wall x",
             "s6 cpu x", "full wall x", "full cpu x");
  g_print (" %6s\n", "load");
  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *s6_path = without_horizon (path);
      double load0 = load_average ();
      CliTimes one = cli_times (cli, path, runs, draws, points, TRUE);
      CliTimes all = cli_times (cli, path, runs, draws, points, FALSE);
      CliTimes s6 = cli_times (cli, s6_path, runs, draws, points, FALSE);

      g_unlink (s6_path);
      *strstr (base, ".strata.json") = '\0';
      g_print ("%-18s %6.1f %9.3f s %9.3f s %8.3f s %9.3f s %8.3f s %8.3f s %8.3f s", base, load0,
               one.best_wall, one.best_cpu, all.best_wall, all.median_wall, all.best_cpu,
               s6.best_wall, s6.best_cpu);
      if (numpy)
        {
          double np_wall;
          double np_cpu = numpy_cpu (path, runs, draws, points, &np_wall);

          g_print (" %9.3f s %8.3f s %10.1fx %9.1fx %11.1fx %10.1fx", np_wall, np_cpu,
                   np_wall / s6.best_wall, np_cpu / s6.best_cpu, np_wall / all.best_wall,
                   np_cpu / all.best_cpu);
        }
      g_print (" %6.1f\n", load_average ());
    }

  return all_same ? 0 : 1;
}
