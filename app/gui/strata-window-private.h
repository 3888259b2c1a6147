/* strata-window-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "strata/strata-chart.h"
#include "strata/strata-model.h"
#include "strata/strata-scenario.h"
#include "strata/strata-switchpoints.h"

#include "strata-chart-view-private.h"
#include "strata-inspector-private.h"
#include "strata-window-export-private.h"
#include "strata-window-run-private.h"
#include "strata-window.h"

G_BEGIN_DECLS

/* The view stack's pages before Chances: those after the cost curves are
 * built when first shown (strata-window-pages.c). */
#define STRATA_N_LAZY_PAGES STRATA_CHART_CHANCES

struct _StrataWindow
{
  AdwApplicationWindow   parent_instance;

  /* template children */
  GtkStack              *main_stack;
  GtkMenuButton         *sidebar_menu_button;  /* (nullable) on the "empty" page, made when shown */
  GtkMenuButton         *main_menu_button;
  GtkMenuButton         *samples_menu_button;  /* (nullable) likewise */
  GtkMenuButton         *export_menu_button;
  GMenuModel            *primary_menu;
  GMenuModel            *samples_menu;
  GMenuModel            *export_menu;
  AdwToastOverlay       *toast_overlay;
  AdwFlap               *flap;
  AdwWindowTitle        *window_title;
  AdwViewSwitcherTitle  *switcher_title;
  AdwViewSwitcherBar    *switcher_bar;
  AdwViewStack          *view_stack;
  StrataChartView       *cost_curves_view;
  /* (nullable) each until its page is first shown (strata-window-pages.c):
   * the views, the Uncertainty page's outcome and list (below) and the
   * Roadmap's status */
  StrataChartView       *value_chain_view;
  StrataChartView       *compare_view;
  StrataChartView       *ladder_view;
  StrataChartView       *tornado_view;
  StrataChartView       *roadmap_view;
  GtkWidget             *roadmap_status;  /* the horizon's run's progress, in the view's corner */
  GtkLabel              *roadmap_label;
  GtkProgressBar        *roadmap_progress;
  AdwBin                *page_bins[STRATA_N_LAZY_PAGES]; /* where those pages go (NULL: not lazy) */
  AdwViewStackPage      *roadmap_page;    /* visible with a horizon */
  StrataChartView       *chances_view;
  GtkWidget             *chances_status;  /* the run's progress, over the view */
  GtkLabel              *chances_label;
  GtkProgressBar        *chances_progress;
  GtkWidget             *bands_spinner;   /* spins while the bands are computed */
  GtkWidget             *cost_curves_buttons; /* Bands and Log Scale, over the chart */
  GtkToggleButton       *log_y_button;
  GtkDropDown           *strategy_dropdown;
  GtkListView           *compare_list;
  GtkListView           *layers_list;
  GtkScale              *volume_scale;
  GtkEntry              *volume_entry;
  GtkLabel              *volume_error_label;
  GtkLabel              *volume_min_label;
  GtkLabel              *volume_max_label;
  GtkLabel              *cost_caption;
  GtkLabel              *effective_value;
  GtkLabel              *effective_detail;
  GtkLabel              *breakeven_value;
  GtkLabel              *breakeven_detail;
  GtkLabel              *margin_value;
  GtkLabel              *margin_detail;
  GtkLabel              *capital_value;
  GtkLabel              *capital_detail;
  GtkLabel              *ecosystem_value;
  GtkLabel              *ecosystem_detail;
  GtkLabel              *profit_caption;
  GtkLabel              *profit_value;
  GtkLabel              *profit_detail;
  GtkLabel              *horizon_caption; /* savings_npv, payback_year, peak_funding */
  GtkLabel              *horizon_value;
  GtkLabel              *horizon_detail;
  GMenu                 *recent_section;
  GMenu                 *undo_section;
  GtkStack              *sidebar_stack;
  GtkScrolledWindow     *inspector_scroller;
  StrataInspector       *inspector;       /* (nullable) until the Edit page is first needed */
  guint                  after_first_frame_source;

  /* owned */
  GSettings             *settings;        /* (nullable) when the schema is missing */
  StrataSession         *session;         /* the application's: loading, Open Recent, last folder */
  GCancellable          *load_cancellable; /* (nullable) the load under way */
  /* What the user looks at and changes: the dataset, the choices, the
   * strategy, the volume, the compared set and the undo history.  The
   * window follows it (on_scenario_changed_cb()). */
  StrataScenario        *scenario;
  /* The snapshot the chart views show; they borrow its strategies, so it
   * is kept until the next one is handed to them. */
  StrataScenarioRequest *request;         /* (nullable) */
  char                  *display_name;    /* (nullable) file name shown as subtitle */
  char                  *wanted_view;     /* (nullable) --view roadmap before a dataset with a horizon */
  GPtrArray             *rows;            /* GtkListItem of a layer row, bound now */
  GPtrArray             *compare_checks;  /* GtkListItem of a compare check, bound now */
  char                  *last_error;      /* (nullable) the last error shown */
  guint                  n_deck_jobs;     /* decks being drawn (strata-window-deck.c) */
  AdwToast              *progress_toast;  /* (owned) (nullable) "Exporting …" while they are */
  gint64                 progress_since;  /* when it last changed place: shown, covered,
                                           * shown again (monotonic) */
  guint                  progress_dismiss; /* the source dismissing it */
  guint                  progress_covered; /* urgent toasts shown over it, not yet dismissed */
  guint                  progress_serial; /* counts the progress toasts made */
  AdwToast              *urgent_toast;    /* (weak) (nullable) the last of them */
  GtkPrintOperation     *printing;        /* (owned) (nullable) the print dialog or job
                                           * running (one at a time) */
  GQueue                 print_queue;     /* GTask: print jobs drawn, waiting for it */
  guint                  print_next;      /* the source starting the next */
  GCancellable          *cancellable;
  GFile                 *file;            /* (nullable) where Save writes; NULL: never saved */
  GFileMonitor          *monitor;         /* (nullable) watches @file */
  char                  *disk_stamp;      /* (nullable) @file as last loaded or saved */
  AdwMessageDialog      *dialog;          /* (nullable) (weak) the question on screen */
  guint                  check_source;
  char                  *recovery_id;     /* (nullable) names this window's draft */
  guint                  recovery_source;
  guint                  n_loading;
  /* strata-window-chances.c: the Monte Carlo behind the Chances view */
  StrataWindowRun        chances_run;     /* the run under way, its status */
  guint                  chances_estimates; /* first estimates shown (tests) */
  gboolean               chances_stale;   /* the result on show no longer matches */
  GAction               *bands_action;    /* win.show-bands, from the settings */
  /* strata-window-summary.c: the strip's break-even, found in a worker */
  GCancellable          *breakeven_cancellable; /* (nullable) the search under way */
  /* strata-window-switches.c: the Uncertainty page's outcome and list
   * (nullable: until the page is first shown) */
  GtkDropDown           *outcome_dropdown;
  GtkListBox            *switches_list;
  GtkLabel              *switches_heading;
  GtkSpinner            *switches_spinner;
  StrataTornadoOutcome   outcome;         /* the one asked for (remembered per window) */
  StrataTornadoOutcome   outcome_items[4]; /* the drop-down's items */
  guint                  n_outcome_items;
  GCancellable          *switches_cancellable; /* (nullable) the run under way */
  guint                  switches_started; /* runs started, lists shown (tests) */
  guint                  switches_computed;
  double                 switches_seconds; /* the last run's time */
  gint                   switches_progress; /* the run's share of numbers done, in
                                             * thousandths (atomic: the worker sets it) */
  gint64                 switches_since;  /* when the run began (monotonic) */
  guint                  switches_tick;   /* the source showing its progress */
  StrataSwitchPoints    *switches_points; /* (owned) (nullable) the list being filled */
  StrataScenarioRequest *switches_points_request; /* (owned) (nullable) its snapshot */
  guint                  switches_made;   /* its rows made so far */
  guint                  switches_fill;   /* the idle making the rest */
  guint                  outcome_updating : 1;
  guint                  switches_running : 1;
  guint                  switches_stale : 1;
  guint                  switches_disposed : 1;
  /* strata-window-roadmap.c: the horizon's Monte Carlo behind the Roadmap */
  StrataWindowRun        roadmap_run;     /* the run under way, its status */
  gboolean               roadmap_stale;   /* the band on show no longer matches */
  gpointer               roadmap_box;     /* (nullable) (owned) StrataChartMc of the run on show */
  guint                  updating : 1;
  guint                  volume_entry_focused : 1; /* the window's focus is in the volume entry */
  guint                  close_confirmed : 1;
  guint                  pages_disposed : 1;
};

/* strata-window.c */
/* The view of @kind, NULL while its page is not built. */
StrataChartView *_strata_window_peek_view        (StrataWindow              *self,
                                                  StrataChartKind            kind);
/* Hands the view of @kind (built) the window's current request. */
void           _strata_window_update_view        (StrataWindow              *self,
                                                  StrataChartKind            kind);
void           _strata_window_on_layer_activated (StrataWindow              *self,
                                                  guint                      layer,
                                                  StrataChartView           *view);
void           _strata_window_on_volume_activated (StrataWindow             *self,
                                                  double                     volume,
                                                  StrataChartView           *view);
/* The scenario's dataset (NULL before the first one). */
StrataDataset *_strata_window_dataset            (StrataWindow              *self);
/* @text with a no-break space between each amount and its suffix. */
char          *_strata_window_keep_amounts       (const char                *text);
/* A new document: @file is where it was loaded from (NULL for a sample
 * or a new dataset). */
void           _strata_window_set_dataset        (StrataWindow              *self,
                                                  StrataDataset             *dataset,
                                                  GFile                     *file,
                                                  const char                *display_name);
/* The titles, with "• " in front while there are unsaved changes. */
void           _strata_window_update_titles      (StrataWindow              *self);
void           _strata_window_show_error         (StrataWindow              *self,
                                                  const char                *message);
void           _strata_window_show_toast         (StrataWindow              *self,
                                                  const char                *message);
/* Shows @toast (owned), an error: at once, over any other (high priority).
 * A toast it covers (the progress of a deck or a print) shows again once it
 * is dismissed (strata-window-deck.c). */
void _strata_window_add_urgent_toast (StrataWindow *self,
                                      AdwToast     *toast);

/* "Exported “deck.pdf”": @path's file name in a toast. */
void           _strata_window_show_exported      (StrataWindow              *self,
                                                  const char                *path);
void           _strata_window_flip_layer         (StrataWindow              *self,
                                                  guint                      layer);
void           _strata_window_set_option         (StrataWindow              *self,
                                                  guint                      layer,
                                                  guint                      option);
void           _strata_window_set_strategy       (StrataWindow              *self,
                                                  int                        strategy);
void           _strata_window_set_volume         (StrataWindow              *self,
                                                  double                     volume);
void           _strata_window_undo               (StrataWindow              *self);
void           _strata_window_redo               (StrataWindow              *self);
void           _strata_window_update_actions     (StrataWindow              *self);
StrataChartKind _strata_window_get_view_kind     (StrataWindow              *self);
const StrataStrategy *
               _strata_window_get_current_strategy (StrataWindow            *self);
/* Fills @request with what the current view shows; the strategies stay
 * owned by the window. */
void           _strata_window_build_request      (StrataWindow              *self,
                                                  StrataChartRequest        *request);
/* The same with the Roadmap view's band, for exports, copies and prints
 * (strata-window-export.c). */
void           _strata_window_build_export_request (StrataWindow            *self,
                                                    StrataChartRequest      *request);

/* For the tests. */
StrataDataset *_strata_window_get_dataset        (StrataWindow              *self);
const guint   *_strata_window_get_choices        (StrataWindow              *self);
double         _strata_window_get_volume         (StrataWindow              *self);
const char    *_strata_window_get_strategy_name  (StrataWindow              *self);
const char    *_strata_window_get_summary_text   (StrataWindow              *self,
                                                  const char                *field);
const char    *_strata_window_get_last_error     (StrataWindow              *self);
gboolean       _strata_window_is_loading         (StrataWindow              *self);
GtkWidget     *_strata_window_get_chart_view     (StrataWindow              *self);
gboolean       _strata_window_get_sidebar_folded (StrataWindow              *self);
StrataScenario *_strata_window_get_scenario      (StrataWindow              *self);
StrataInspector *_strata_window_get_inspector    (StrataWindow              *self);
/* Shows @key ("layer:ID", ...) in the inspector; @show_page switches the
 * sidebar to it. */
void           _strata_window_inspect            (StrataWindow              *self,
                                                  const char                *key,
                                                  gboolean                   show_page);
GFile         *_strata_window_get_file           (StrataWindow              *self);
/* The question on screen (unsaved changes, file changed on disk), or NULL. */
AdwMessageDialog *_strata_window_get_dialog      (StrataWindow              *self);

/* strata-window-lazy.c: what the first frame does not show, made when
 * first needed (issue 15) */
void           _strata_window_init_lazy          (StrataWindow              *self);
void           _strata_window_dispose_lazy       (StrataWindow              *self);
void           _strata_window_init_tooltips      (StrataWindow              *self);
void           _strata_window_class_init_tooltips (GtkWidgetClass           *widget_class);
/* strata-window-chances.c: the Bands and Log Scale buttons over the cost
 * curves are on screen; the chart keeps its title clear of them. */
void           _strata_window_cost_curves_buttons_mapped (StrataWindow     *self);
/* A menu button whose popover is made from @model when it first opens. */
void           _strata_window_lazy_menu_button   (GtkMenuButton             *button,
                                                  GMenuModel                *model);
StrataInspector *_strata_window_ensure_inspector (StrataWindow              *self);
/* The page shown when no dataset could be opened. */
void           _strata_window_ensure_empty_page  (StrataWindow              *self);

/* strata-window-pages.c: the view stack's pages, built when first shown */
void           _strata_window_class_init_pages   (GtkWidgetClass            *widget_class);
/* The view of @kind, its page built now if it was not yet. */
StrataChartView *_strata_window_ensure_view      (StrataWindow              *self,
                                                  StrataChartKind            kind);
/* For the tests: whether the page of @kind has been built. */
gboolean       _strata_window_view_is_built      (StrataWindow              *self,
                                                  StrataChartKind            kind);
void           _strata_window_dispose_pages      (StrataWindow              *self);
void           _strata_window_forget_pages       (StrataWindow              *self);

/* strata-window-actions.c */
void           _strata_window_class_init_actions (GtkWidgetClass            *widget_class);
void           _strata_window_init_actions       (StrataWindow              *self);

/* strata-window-load.c: the session loads, the window follows */
void           _strata_window_update_recent_menu (StrataWindow              *self);
/* Loads @path through the session, superseding the load under way; a
 * failure with no dataset yet falls back to the sample when asked. */
void           _strata_window_load_path          (StrataWindow              *self,
                                                  const char                *path,
                                                  gboolean                   fallback_to_sample);
void           _strata_window_dispose_load       (StrataWindow              *self);

/* strata-window-dialogs.c: the questions (the file dialogs are in
 * strata-window-export-private.h) */
typedef struct
{
  const char            *id;
  const char            *label;
  AdwResponseAppearance  appearance;
} StrataWindowAnswer;

/* Asks @heading (@body) with @answers (the first one also answers
 * Escape) and presents it as the question on screen (self->dialog). */
AdwMessageDialog *_strata_window_ask             (StrataWindow              *self,
                                                  const char                *heading,
                                                  const char                *body,
                                                  const StrataWindowAnswer  *answers,
                                                  guint                      n_answers,
                                                  guint                      default_answer);

/* strata-window-dnd.c */
void           _strata_window_init_dnd           (StrataWindow              *self);

/* strata-window-file.c */
typedef void (*StrataWindowThen) (StrataWindow *self,
                                  gpointer      data);
/* What to do once unsaved changes are saved or discarded: @then with its
 * data. */
typedef struct _StrataWindowNext StrataWindowNext;

void           _strata_window_class_init_file    (GtkWidgetClass            *widget_class);
void           _strata_window_dispose_file       (StrataWindow              *self);
void           _strata_window_set_file           (StrataWindow              *self,
                                                  GFile                     *file);
gboolean       _strata_window_save_to            (StrataWindow              *self,
                                                  GFile                     *file,
                                                  GError                   **error);
/* Saves where the dataset came from, or asks for a name; then runs
 * @then (nullable, taken) when it was saved. */
void           _strata_window_save_then          (StrataWindow              *self,
                                                  StrataWindowNext          *then);
/* A new untitled dataset: two layers, each bought or made. */
StrataDataset *_strata_window_new_dataset        (void);

/* strata-window-unsaved.c: the unsaved-changes question */
StrataWindowNext *_strata_window_next_new        (StrataWindowThen           then,
                                                  gpointer                   data,
                                                  GDestroyNotify             destroy);
void           _strata_window_next_free          (StrataWindowNext          *next);
/* Runs @next (taken; nullable). */
void           _strata_window_next_run           (StrataWindow              *self,
                                                  StrataWindowNext          *next);
/* Runs @callback at once when nothing is unsaved; otherwise asks (Save,
 * Discard, Cancel) and runs it after a save or a discard.  @destroy frees
 * @data either way. */
void           _strata_window_when_saved         (StrataWindow              *self,
                                                  StrataWindowThen           callback,
                                                  gpointer                   data,
                                                  GDestroyNotify             destroy);
/* TRUE when closing must wait for the answer to the unsaved-changes
 * question (which closes the window itself). */
gboolean       _strata_window_close_needs_asking (StrataWindow              *self);

/* strata-window-recovery.c */
char          *_strata_recovery_dir              (void);
void           _strata_window_init_recovery      (StrataWindow              *self);
void           _strata_window_dispose_recovery   (StrataWindow              *self);
/* Writes the draft now (the autosave does it a few seconds after the
 * last change). */
gboolean       _strata_window_write_recovery     (StrataWindow              *self,
                                                  GError                   **error);
/* Once the window has loaded its first file: asks whether to restore the
 * newest draft another session left behind. */
void           _strata_window_offer_recovery     (StrataWindow              *self);

/* strata-window-objective.c */
StrataObjective _strata_window_get_objective     (StrataWindow              *self);
/* "effective" or "cash"; FALSE for anything else.  Remembered. */
gboolean       _strata_window_set_objective      (StrataWindow              *self,
                                                  const char                *name);
void           _strata_window_init_objective     (StrataWindow              *self);

/* strata-window-summary.c */
void           _strata_window_update_summary     (StrataWindow              *self);
void           _strata_window_update_breakeven   (StrataWindow              *self);
/* Whether the strip's break-even is still being worked out ("…"). */
gboolean       _strata_window_is_finding_breakeven (StrataWindow            *self);
/* Shows the Roadmap view only when the dataset has a horizon. */
void           _strata_window_update_roadmap_page (StrataWindow             *self);

/* strata-window-chances.c: the Chances view's Monte Carlo, in a worker
 * thread; a change (@what of StrataScenarioChanged, 0 for a change of
 * view) cancels the run under way and starts the next while the view is
 * on screen. */
void           _strata_window_update_chances     (StrataWindow              *self,
                                                  guint                      what);
void           _strata_window_dispose_chances    (StrataWindow              *self);
/* win.show-bands: the P10-P90 bands on the cost curves, from the same
 * run, remembered in the settings. */
void           _strata_window_init_chances       (StrataWindow              *self);

/* strata-window-roadmap.c: the Roadmap view's Monte Carlo, run in a
 * worker; a change of dataset, choices, strategy or objective (@what)
 * cancels it, and it starts when the Roadmap is on screen. */
#define STRATA_WINDOW_ROADMAP_DRAWS 2000
void           _strata_window_update_roadmap_mc  (StrataWindow              *self,
                                                  guint                      what);
void           _strata_window_dispose_roadmap_mc (StrataWindow              *self);
/* The run the Roadmap view draws (its request's roadmap_monte_carlo),
 * held by the window until the view's request no longer points to it. */
const StrataRoadmapMc *
               _strata_window_get_roadmap_band   (StrataWindow              *self);
/* The run's parameters for @request (@current: room for one strategy):
 * those of `strata-cli export --chart roadmap --bands`. */
void           _strata_window_roadmap_mc_params  (const StrataChartRequest  *request,
                                                  StrataRoadmapMcParams     *params,
                                                  const StrataStrategy     **current);
/* For the tests: the run on show (NULL while none), whether one runs, how
 * many started and were cancelled. */
const StrataRoadmapMc *
               _strata_window_get_roadmap_mc     (StrataWindow              *self,
                                                  gboolean                  *running,
                                                  guint                     *started,
                                                  guint                     *cancelled);
/* The run the current view draws (the Chances view, or the cost curves
 * with their bands), for exports: valid until the next change; NULL when
 * none. */
const StrataMonteCarlo *
               _strata_window_get_shown_monte_carlo (StrataWindow           *self);
/* For the tests: the result on show (NULL while none), whether a run is
 * under way, how many runs started and were cancelled. */
const StrataMonteCarlo *
               _strata_window_get_chances        (StrataWindow              *self,
                                                  gboolean                  *running,
                                                  guint                     *started,
                                                  guint                     *cancelled);

/* strata-window-switches.c: the tornado's outcome (a drop-down on the
 * Uncertainty page, remembered per window, in every request the window
 * builds) and "What would have to be true", the switch points of that
 * outcome's decision at the volume, found in a worker thread while the
 * page is on screen. */
void           _strata_window_init_switches      (StrataWindow              *self);
void           _strata_window_dispose_switches   (StrataWindow              *self);
void           _strata_window_update_switches    (StrataWindow              *self,
                                                  guint                      what);
/* The outcome shown: the one asked for when the scenario has it (the gap
 * and the break-even need a compared strategy, savings_npv a horizon),
 * else the cost. */
StrataTornadoOutcome _strata_window_get_outcome  (StrataWindow              *self);
void           _strata_window_set_outcome        (StrataWindow              *self,
                                                  StrataTornadoOutcome       outcome);
/* For the tests: whether a run is under way, how many started, how many
 * lists were shown, the last run's seconds. */
gboolean       _strata_window_get_switches_state (StrataWindow              *self,
                                                  guint                     *started,
                                                  guint                     *computed,
                                                  double                    *seconds);

/* strata-window-sidebar.c: strategy, compared strategies, layers, volume */
void           _strata_window_init_sidebar       (StrataWindow              *self);
void           _strata_window_build_sidebar      (StrataWindow              *self);
void           _strata_window_update_sidebar     (StrataWindow              *self);
void           _strata_window_update_volume_controls (StrataWindow          *self);
void           _strata_window_class_init_sidebar (GtkWidgetClass            *widget_class);
/* For the tests: the row on screen of @layer, NULL when it has none (the
 * list makes rows only near what is shown). */
GtkWidget     *_strata_window_get_layer_row      (StrataWindow              *self,
                                                  guint                      layer);

G_END_DECLS
