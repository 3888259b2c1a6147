/* strata-inspector-private.h
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "strata/strata-field.h"
#include "strata/strata-scenario.h"

G_BEGIN_DECLS

#define STRATA_TYPE_INSPECTOR (strata_inspector_get_type ())

G_DECLARE_FINAL_TYPE (StrataInspector, strata_inspector, STRATA, INSPECTOR, GtkBox)

/*
 * The inspector edits the scenario's dataset: the dataset itself, a layer
 * with its options, the links, the strategies or the sources, every field
 * of MODEL.md sections 2 and 8.  Every change goes through the scenario
 * (strata_scenario_set_field() or a draft for structure), so it is one
 * step of the undo history and every view redraws.
 *
 * A selection is named by a key: "dataset", "layer:ID", "links",
 * "strategies" or "sources".
 */

GtkWidget   *strata_inspector_new            (StrataScenario  *scenario);
void         strata_inspector_select         (StrataInspector *self,
                                              const char      *key);
const char  *strata_inspector_get_selection  (StrataInspector *self);
/* Shows the page of the field at @path (a strata_scenario_set_field()
 * path such as "layers.chips.options.asic.learning_rate" or
 * "horizon.discount_rate") and gives its entry the focus.  FALSE when the
 * page has no such field (an option field of the other mode, a horizon
 * field without a horizon): the page is shown all the same. */
gboolean     strata_inspector_select_field   (StrataInspector *self,
                                              const char      *path);
/* Moves layer @from (an index of the dataset's layers) to index @to, one
 * step of the history ("Move Layer"): a drop of a sidebar row on
 * another.  FALSE when either is out of range or they are the same. */
gboolean     strata_inspector_move_layer     (StrataInspector *self,
                                              guint            from,
                                              guint            to);
/* The selection key of the page that edits the field at @path. */
char        *_strata_inspector_key_for_path  (const char      *path);

/* For the tests: the entry of @part ("value", "low", "high" or "text") of
 * the field at @path, and the message under a number field (its unit and
 * rule, or why the text is refused). */
GtkEditable *_strata_inspector_find_entry    (StrataInspector *self,
                                              const char      *path,
                                              const char      *part);
const char  *_strata_inspector_get_message   (StrataInspector *self,
                                              const char      *path);
/* For the tests: the widget of @part ("row", "value", "text", "choice")
 * of the field at @path on the page shown, or NULL. */
GtkWidget   *_strata_inspector_find_widget   (StrataInspector *self,
                                              const char      *path,
                                              const char      *part);

/* strata-inspector-field.c: one row per field. */

/* Applies @value (NULL removes the field) at @path; FALSE with @error
 * when refused. */
typedef gboolean (*StrataFieldApplyFunc) (gpointer     user_data,
                                          const char  *path,
                                          JsonNode    *value,
                                          GError     **error);

/* A row editing @field at @path, showing @value (NULL when absent).
 * @choices lists the allowed ids of a reference or mode field (NULL
 * otherwise); @unit is the unit in words or NULL. */
GtkWidget   *_strata_field_row_new           (const StrataFieldInfo *field,
                                              const char            *path,
                                              JsonNode              *value,
                                              const char            *unit,
                                              const char * const    *choices,
                                              StrataFieldApplyFunc   apply,
                                              gpointer               user_data);

/* The choices of a choice row of _strata_field_row_new (): a row of many
 * holds only its current one until its popover first shows; this fills
 * it with every one (as the popover does). */
GListModel  *_strata_field_row_get_choices   (GtkWidget             *row);

/* The shortest text that reads back to @value. */
char        *_strata_format_shortest         (double                 value);

/* -- Inside the inspector (strata-inspector.c, strata-inspector-pages.c) -- */

#include "strata/strata-edit.h"

struct _StrataInspector
{
  GtkBox          parent_instance;

  StrataScenario *scenario;    /* (owned) */
  GtkDropDown    *selector;
  GtkBox         *page;
  GPtrArray      *keys;        /* (element-type utf8) the selector's keys */
  char           *selection;   /* "dataset", "layer:ID", "links", ... */
  /* The page reads the dataset's own tree (StrataDataset.document,
   * never changed once loaded): copying it took 0.4 s for 1000 layers. */
  StrataDataset  *shown;       /* (owned) (nullable) the dataset of the page on screen */
  StrataDraft    *copy;        /* (nullable) its tree when it has no document (built by hand) */
  JsonNode       *tree;        /* (unowned) @shown's document or @copy's root */
  GHashTable     *layer_index; /* (nullable) layer id -> JsonNode of @tree's layer */
  gboolean        listed;      /* @keys and the selector are of @shown */
  GQueue          dying;       /* (element-type GtkWidget) (owned) pages gone, hidden */
  guint           dying_source; /* frees them a few at a time when idle */
  gboolean        rebuilding;
  gboolean        stale;       /* the dataset changed while hidden */
  /* The strategies page edits one strategy at a time (a row per layer
   * each: 1024 strategies of 1000 layers were a million rows). */
  char           *strategy;    /* (nullable) its id; NULL: the first */
  gboolean        show_new_strategy; /* the next page shows the last one */
  guint           pick_source; /* a strategy or links picked, rebuilt when idle */
  /* The links page shows LINKS_PER_PAGE links from links_first (4,096
   * links were 12,000 rows and gigabytes). */
  guint           links_first;
  gboolean        show_new_link; /* the next page shows the last one */
  /* A page is built a row at a time: the rows not made yet, in page
   * order (strata-inspector.c, "Building a page"). */
  GQueue          groups;      /* (element-type GroupStep) groups to make, before any row */
  GQueue          pending;     /* (element-type RowStep) */
  GtkWidget      *last_group;  /* (nullable) (unowned) the page's last group: the next goes after it */
  guint           build_source; /* makes more of them when idle */
  char           *focus;       /* (nullable) "path\npart" to focus once made */
  gboolean        holding;     /* the page keeps its old height until made */
  /* Rows made when idle wait off screen and go into their groups a batch
   * at a time (strata-inspector.c, "Making a page's rows"). */
  GArray         *held;        /* (element-type HeldRow) (owned rows) */
  gboolean        hold_rows;   /* rows made now are held */
  gint64          held_since;  /* monotonic time of the first row held */
  gint64          held_cpu;    /* main-thread CPU spent making them (usec) */
  char           *built;       /* (nullable) the selection the page was last built for */
};

/* Adds @row to @group, or holds it for the next batch when rows are
 * being made a few at a time (in page order either way). */
void         _strata_inspector_group_add      (StrataInspector  *self,
                                               GtkWidget        *group,
                                               GtkWidget        *row);

/* Whether the page still has groups or rows to make. */
gboolean     _strata_inspector_is_making      (StrataInspector  *self);
/* Builds the selected page anew from the scenario's dataset. */
void         _strata_inspector_rebuild        (StrataInspector  *self);
/* Makes the rows of the page not made yet; up to the row of @path when
 * not NULL.  Whether any are still to make. */
gboolean     _strata_inspector_finish_page    (StrataInspector  *self,
                                               const char       *path);

typedef gboolean (*StrataDraftEdit) (StrataDraft  *draft,
                                     gpointer      data,
                                     GError      **error);

/* One structure change as one undoable step named @label; a refusal is
 * reported with the "problem" signal. */
gboolean     _strata_inspector_apply_structure (StrataInspector  *self,
                                                const char       *label,
                                                StrataDraftEdit   edit,
                                                gpointer          data);
/* Sets the field at @path to @value (NULL removes it) as one undoable
 * step, keeping the page's selection through a rename; a
 * StrataFieldApplyFunc with the inspector as @user_data. */
gboolean     _strata_inspector_apply_field    (gpointer          user_data,
                                               const char       *path,
                                               JsonNode         *value,
                                               GError          **error);
/* Reports @message with the "problem" signal. */
void         _strata_inspector_problem        (StrataInspector  *self,
                                               const char       *message);
/* The sources a "source" field at @path names (@value), each with its
 * link and a button to detach it, and a picker to attach another
 * (strata-inspector-sources.c). */
void         _strata_inspector_add_source_rows (StrataInspector *self,
                                                GtkWidget       *group,
                                                const char      *path,
                                                JsonNode        *value);
/* The page on screen, hidden and replaced by an empty one; freed a few
 * rows at a time when idle (strata-inspector-retire.c). */
void         _strata_inspector_retire_page    (StrataInspector  *self);
/* The calling thread's CPU time in microseconds: the budgets of the
 * inspector's work between frames. */
gint64       _strata_inspector_thread_cpu_usec (void);
/* The page reads @dataset's tree from now on (strata-inspector-tree.c):
 * the dataset's own document, or a copy of a dataset built by hand. */
void         _strata_inspector_read           (StrataInspector  *self,
                                               StrataDataset    *dataset);
/* What a reference or mode field may hold (ids of the tree, the modes). */
GStrv        _strata_inspector_choices_for    (StrataInspector       *self,
                                               const StrataFieldInfo *field,
                                               const char            *layer_id);
JsonObject  *_strata_inspector_root           (StrataInspector  *self);
JsonArray   *_strata_inspector_root_array     (StrataInspector  *self,
                                               const char       *name);
const char  *_strata_inspector_member_string  (JsonNode         *node,
                                               const char       *name);
JsonNode    *_strata_inspector_find_by_id     (JsonArray        *array,
                                               const char       *id);
GtkWidget   *_strata_inspector_group          (StrataInspector  *self,
                                               const char       *title,
                                               const char       *description);
/* Rows for every field of @scope under @prefix ("layers.chips."); @mode,
 * when not NULL, hides the fields of the other mode.  @holder is the
 * tree's object that holds the fields (a strategy's "choices" for its
 * choices; NULL when there is none yet: the fields are empty).
 * The rows are made in page order a few at a time (all of them before
 * anything looks for a field on the page). */
void         _strata_inspector_add_fields     (StrataInspector  *self,
                                               GtkWidget        *group,
                                               StrataFieldScope  scope,
                                               const char       *prefix,
                                               const char       *layer_id,
                                               const char       *mode,
                                               JsonNode         *holder);
typedef void (*StrataInspectorGroupFunc) (StrataInspector *self,
                                          gpointer         data);
/* Makes a group of the page later, after the page's last group (and
 * before its rows), with @func (@data is freed with @destroy). */
void         _strata_inspector_add_group      (StrataInspector          *self,
                                               StrataInspectorGroupFunc  func,
                                               gpointer                  data,
                                               GDestroyNotify            destroy);
/* Buttons that run @callback (swapped: the inspector, then the button)
 * with @data (owned) as their target. */
GtkWidget   *_strata_inspector_header_button  (GtkWidget        *group,
                                               const char       *icon,
                                               const char       *tooltip,
                                               GCallback         callback,
                                               gpointer          self,
                                               char             *data);
GtkWidget   *_strata_inspector_page_button    (StrataInspector  *self,
                                               const char       *label,
                                               GCallback         callback,
                                               char             *data);
const char  *_strata_inspector_target         (GtkWidget        *button);

void         _strata_inspector_build_dataset    (StrataInspector *self);
void         _strata_inspector_build_layer      (StrataInspector *self,
                                                 const char      *layer_id);
void         _strata_inspector_build_links      (StrataInspector *self);
/* Before a field at @path is shown: the links page showing that link;
 * TRUE when the page must be built again for it. */
gboolean     _strata_inspector_links_show_path  (StrataInspector *self,
                                                 const char      *path);
void         _strata_inspector_build_strategies (StrataInspector *self);
void         _strata_inspector_build_sources    (StrataInspector *self);

G_END_DECLS
