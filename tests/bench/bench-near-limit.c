/* bench-near-limit.c: how long the main thread is blocked while the app
 * opens a near-limit file and shows each view (issue 16, finding 3)
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   python3 tests/bench/gen-near-limit.py > /tmp/near-limit.strata.json
 *   xvfb-run -a build/tests/bench/bench-near-limit /tmp/near-limit.strata.json
 *
 * It opens the file in a window of the app (as `strata FILE` does) and
 * waits until it has settled (loaded, the chart drawn, the strip's
 * break-even there), then goes through every view, a flip, a strategy,
 * the layer list's bottom and the inspector (tests/strata-test-responsive.c).
 * Prints, per step, the wall time until the window had settled and the
 * longest main-thread block: wall time between two turns of the main
 * loop, and the main thread's own CPU time in its longest block (which a
 * loaded machine does not stretch).  Also the process's peak memory.
 */

#include "config.h"

#include <stdio.h>
#include <sys/resource.h>

#include <adwaita.h>

#include "strata-test-responsive.h"

typedef struct
{
  double worst;
  double worst_cpu;
  guint  unsettled;
} Totals;

static void
report_cb (const ResponsiveStep *step,
           gpointer              data)
{
  Totals *totals = data;

  totals->worst = MAX (totals->worst, step->longest_ms);
  totals->worst_cpu = MAX (totals->worst_cpu, step->longest_cpu_ms);
  totals->unsettled += !step->settled;
  printf ("%-30s %8.1f s%s  longest block %8.1f ms wall, %8.1f ms main-thread CPU\n", step->name,
          step->seconds, step->settled ? "  " : " !", step->longest_ms, step->longest_cpu_ms);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StrataApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  StrataWindow *window;
  Totals totals = { 0, 0, 0 };
  struct rusage usage;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s NEAR-LIMIT.strata.json (tests/bench/gen-near-limit.py writes one)\n", argv[0]);
      return 2;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (!gtk_init_check ())
    {
      fprintf (stderr, "no display: run under xvfb-run -a\n");
      return 2;
    }
  adw_init ();
  app = strata_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  printf ("%s (\"!\": not settled in 600 s)\n", argv[1]);
  window = responsive_run (app, argv[1], 600, RESPONSIVE_INSPECTOR, report_cb, &totals);
  getrusage (RUSAGE_SELF, &usage);
  printf ("longest main-thread block over every step: %.1f ms wall, %.1f ms main-thread CPU; "
          "%u steps not settled; peak memory %.0f MB\n",
          totals.worst, totals.worst_cpu, totals.unsettled, usage.ru_maxrss / 1024.0);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
