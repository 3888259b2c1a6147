/* strata-inspector-pages.c: the inspector's pages and structure edits
 *
 * Copyright 2026 The Strata authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "strata-inspector"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "strata-inspector-private.h"
#include "strata-layer-row-private.h"

/*
 * Each page lists groups of field rows (strata-inspector-field.c) read
 * from the draft's tree, and the buttons that change the structure: each
 * runs one strata_draft_*() structure function as one undoable step.
 * Buttons carry their target ids as "layer" or "layer\noption".
 */

/* Splits a button's target "a\nb" in two. */
static void
split_target (GtkWidget  *button,
              char      **first,
              char      **second)
{
  g_auto(GStrv) parts = g_strsplit (_strata_inspector_target (button), "\n", 2);

  *first = g_strdup (parts[0]);
  *second = parts[0] != NULL && parts[1] != NULL ? g_strdup (parts[1]) : NULL;
}

static JsonArray *
options_of (JsonNode *layer)
{
  JsonNode *options = json_object_get_member (json_node_get_object (layer), "options");

  return options != NULL && JSON_NODE_HOLDS_ARRAY (options) ? json_node_get_array (options) : NULL;
}

static int
index_by_id (JsonArray  *array,
             const char *id)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (_strata_inspector_member_string (json_array_get_element (array, i), "id"), id) == 0)
      return i;
  return -1;
}

/* -- Layers ---------------------------------------------------------------- */

typedef struct
{
  const char *layer;
  const char *option;
  char       *new_id;
  int         position;
  StrataMode  mode;
} Target;

/* Runs @edit on the button's target ("layer", "layer\noption" or a
 * strategy's or source's id, as t.layer), as one step named @label; the
 * id of what it made in @new_id when not NULL. */
static gboolean
apply_to_target (StrataInspector  *self,
                 GtkWidget        *button,
                 const char       *label,
                 StrataDraftEdit   edit,
                 char            **new_id)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  Target t;
  gboolean done;

  /* Copies: the edit rebuilds the page, and the button with it. */
  split_target (button, &first, &second);
  t = (Target) { .layer = first, .option = second };
  done = _strata_inspector_apply_structure (self, label, edit, &t);
  if (new_id != NULL)
    *new_id = g_steal_pointer (&t.new_id);
  g_free (t.new_id);
  return done;
}

/* The page of the layer @id. */
static void
show_layer (StrataInspector *self,
            const char      *id)
{
  g_autofree char *key = g_strconcat ("layer:", id, NULL);

  strata_inspector_select (self, key);
}

static gboolean
edit_add_layer (StrataDraft *draft, gpointer data, GError **error)
{
  Target *t = data;

  t->new_id = strata_draft_unique_id (draft, STRATA_DRAFT_LAYER, NULL, "layer");
  return strata_draft_add_layer (draft, t->position, t->new_id, _("New layer"), error);
}

static gboolean
edit_remove_layer (StrataDraft *draft, gpointer data, GError **error)
{
  return strata_draft_remove_layer (draft, ((Target *) data)->layer, error);
}

static gboolean
edit_duplicate_layer (StrataDraft *draft, gpointer data, GError **error)
{
  Target *t = data;

  t->new_id = strata_draft_unique_id (draft, STRATA_DRAFT_LAYER, NULL, t->layer);
  return strata_draft_duplicate_layer (draft, t->layer, t->new_id, error);
}

static gboolean
edit_move_layer (StrataDraft *draft, gpointer data, GError **error)
{
  Target *t = data;

  return strata_draft_move_layer (draft, t->layer, t->position, error);
}

static void
on_add_layer_cb (StrataInspector *self,
                 GtkWidget       *button)
{
  Target t = { .position = -1 };

  if (_strata_inspector_apply_structure (self, _("Add Layer"), edit_add_layer, &t))
    show_layer (self, t.new_id);
  g_free (t.new_id);
}

static void
on_remove_layer_cb (StrataInspector *self,
                    GtkWidget       *button)
{
  if (apply_to_target (self, button, _("Remove Layer"), edit_remove_layer, NULL))
    strata_inspector_select (self, "dataset");
}

static void
on_duplicate_layer_cb (StrataInspector *self,
                       GtkWidget       *button)
{
  g_autofree char *new_id = NULL;

  if (apply_to_target (self, button, _("Duplicate Layer"), edit_duplicate_layer, &new_id))
    show_layer (self, new_id);
}

static void
move_layer (StrataInspector *self,
            GtkWidget       *button,
            int              by)
{
  g_autofree char *layer = g_strdup (_strata_inspector_target (button));
  JsonArray *layers = _strata_inspector_root_array (self, "layers");
  int index = index_by_id (layers, layer);
  Target t = { .layer = layer, .position = index + by };

  if (index < 0 || t.position < 0 || t.position >= (int) json_array_get_length (layers))
    return;
  _strata_inspector_apply_structure (self, by > 0 ? _("Move Layer Up") : _("Move Layer Down"),
                                     edit_move_layer, &t);
}

gboolean
strata_inspector_move_layer (StrataInspector *self,
                             guint            from,
                             guint            to)
{
  StrataDataset *dataset = strata_scenario_get_dataset (self->scenario);
  g_autofree char *layer = NULL;
  Target t;

  if (dataset == NULL || from == to || from >= dataset->n_layers || to >= dataset->n_layers)
    return FALSE;
  layer = g_strdup (dataset->layers[from].id);
  t = (Target) { .layer = layer, .position = (int) to };
  return _strata_inspector_apply_structure (self, _("Move Layer"), edit_move_layer, &t);
}

static void
on_layer_up_cb (StrataInspector *self,
                GtkWidget       *button)
{
  move_layer (self, button, 1);
}

static void
on_layer_down_cb (StrataInspector *self,
                  GtkWidget       *button)
{
  move_layer (self, button, -1);
}

/* -- Options --------------------------------------------------------------- */

static gboolean
edit_add_option (StrataDraft *draft, gpointer data, GError **error)
{
  Target *t = data;

  t->new_id = strata_draft_unique_id (draft, STRATA_DRAFT_OPTION, t->layer,
                                      t->mode == STRATA_MODE_NEUTRAL ? "market" : "in-house");
  return strata_draft_add_option (draft, t->layer, -1, t->new_id, t->mode, error);
}

static gboolean
edit_remove_option (StrataDraft *draft, gpointer data, GError **error)
{
  Target *t = data;

  return strata_draft_remove_option (draft, t->layer, t->option, error);
}

static gboolean
edit_duplicate_option (StrataDraft *draft, gpointer data, GError **error)
{
  Target *t = data;

  t->new_id = strata_draft_unique_id (draft, STRATA_DRAFT_OPTION, t->layer, t->option);
  return strata_draft_duplicate_option (draft, t->layer, t->option, t->new_id, error);
}

static gboolean
edit_move_option (StrataDraft *draft, gpointer data, GError **error)
{
  Target *t = data;

  return strata_draft_move_option (draft, t->layer, t->option, t->position, error);
}

static void
add_option (StrataInspector *self,
            GtkWidget       *button,
            StrataMode       mode)
{
  g_autofree char *layer = g_strdup (_strata_inspector_target (button));
  Target t = { .layer = layer, .mode = mode };

  _strata_inspector_apply_structure (self, mode == STRATA_MODE_NEUTRAL ? _("Add Neutral Option")
                                                                       : _("Add Integrated Option"),
                                     edit_add_option, &t);
  g_free (t.new_id);
}

static void
on_add_neutral_cb (StrataInspector *self,
                   GtkWidget       *button)
{
  add_option (self, button, STRATA_MODE_NEUTRAL);
}

static void
on_add_integrated_cb (StrataInspector *self,
                      GtkWidget       *button)
{
  add_option (self, button, STRATA_MODE_INTEGRATED);
}

static void
on_remove_option_cb (StrataInspector *self,
                     GtkWidget       *button)
{
  apply_to_target (self, button, _("Remove Option"), edit_remove_option, NULL);
}

static void
on_duplicate_option_cb (StrataInspector *self,
                        GtkWidget       *button)
{
  apply_to_target (self, button, _("Duplicate Option"), edit_duplicate_option, NULL);
}

static void
on_option_up_cb (StrataInspector *self,
                 GtkWidget       *button)
{
  g_autofree char *layer = NULL;
  g_autofree char *option = NULL;
  JsonNode *node;
  int index;
  Target t;

  split_target (button, &layer, &option);
  node = _strata_inspector_find_by_id (_strata_inspector_root_array (self, "layers"), layer);
  index = node != NULL ? index_by_id (options_of (node), option) : -1;
  if (index <= 0)
    return;
  t = (Target) { .layer = layer, .option = option, .position = index - 1 };
  _strata_inspector_apply_structure (self, _("Move Option Up"), edit_move_option, &t);
}

/* Reordering a layer's options by dragging one option's group onto
 * another's: "LAYER\nOPTION" travels as text. */
static GdkContentProvider *
on_option_drag_prepare_cb (GtkDragSource *source,
                           double         x,
                           double         y,
                           const char    *target)
{
  return gdk_content_provider_new_typed (G_TYPE_STRING, target);
}

typedef struct
{
  StrataInspector *self;
  char            *layer;
  char            *option;
  int              position;
} OptionMove;

static gboolean
move_option_idle_cb (gpointer data)
{
  OptionMove *move = data;
  Target t = { .layer = move->layer, .option = move->option, .position = move->position };

  _strata_inspector_apply_structure (move->self, _("Move Option"), edit_move_option, &t);
  g_object_unref (move->self);
  g_free (move->layer);
  g_free (move->option);
  g_free (move);
  return G_SOURCE_REMOVE;
}

static gboolean
on_option_drop_cb (GtkDropTarget   *drop,
                   const GValue    *value,
                   double           x,
                   double           y,
                   StrataInspector *self)
{
  GtkWidget *group = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (drop));
  const char *target = g_object_get_data (G_OBJECT (group), "strata-option-target");
  g_auto(GStrv) from = g_strsplit (g_value_get_string (value), "\n", 2);
  g_auto(GStrv) to = g_strsplit (target, "\n", 2);
  StrataDataset *dataset = strata_scenario_get_dataset (self->scenario);
  int layer = dataset != NULL ? strata_dataset_find_layer (dataset, to[0]) : -1;
  int position = -1;
  OptionMove *move;

  if (g_strv_length (from) != 2 || g_strv_length (to) != 2 || layer < 0 ||
      g_strcmp0 (from[0], to[0]) != 0 || g_strcmp0 (from[1], to[1]) == 0)
    return FALSE;
  for (guint o = 0; o < dataset->layers[layer].n_options; o++)
    if (g_strcmp0 (dataset->layers[layer].options[o].id, to[1]) == 0)
      position = (int) o;
  if (position < 0)
    return FALSE;
  move = g_new0 (OptionMove, 1);
  *move = (OptionMove) { g_object_ref (self), g_strdup (from[0]), g_strdup (from[1]), position };
  /* After the drop's own signal: the move rebuilds the page. */
  g_idle_add (move_option_idle_cb, move);
  return TRUE;
}

static void
add_option_dnd (StrataInspector *self,
                GtkWidget       *group,
                const char      *layer_id,
                const char      *option_id)
{
  char *target = g_strdup_printf ("%s\n%s", layer_id, option_id);
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

  g_object_set_data_full (G_OBJECT (group), "strata-option-target", target, g_free);
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_option_drag_prepare_cb), target);
  gtk_widget_add_controller (group, GTK_EVENT_CONTROLLER (source));
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_option_drop_cb), self, 0);
  gtk_widget_add_controller (group, GTK_EVENT_CONTROLLER (drop));
}

/* An option's group, made after the page's first frame: a layer of 40
 * options made its 40 groups at once. */
typedef struct
{
  char     *layer_id;
  JsonNode *option;   /* (unowned) in the tree the page reads */
} OptionGroup;

static void
option_group_free (gpointer data)
{
  OptionGroup *group = data;

  g_free (group->layer_id);
  g_free (group);
}

static void
build_option (StrataInspector *self,
              gpointer         data)
{
  const char *layer_id = ((OptionGroup *) data)->layer_id;
  JsonNode *option = ((OptionGroup *) data)->option;
  const char *id = _strata_inspector_member_string (option, "id");
  const char *name = _strata_inspector_member_string (option, "name");
  const char *mode = _strata_inspector_member_string (option, "mode");
  g_autofree char *prefix = g_strdup_printf ("layers.%s.options.%s.", layer_id, id);
  g_autofree char *description = NULL;
  GtkWidget *group;

  /* Translators: an option's mode and id, "integrated option asic" */
  description = g_strdup_printf (_("%s option %s"),
                                 g_strcmp0 (mode, "integrated") == 0 ? _("Integrated") : _("Neutral"), id);
  group = _strata_inspector_group (self, name != NULL ? name : id, description);
  _strata_inspector_header_button (group, "go-up-symbolic", _("Move Option Up"),
                                   G_CALLBACK (on_option_up_cb), self,
                                   g_strdup_printf ("%s\n%s", layer_id, id));
  _strata_inspector_header_button (group, "edit-copy-symbolic", _("Duplicate Option"),
                                   G_CALLBACK (on_duplicate_option_cb), self,
                                   g_strdup_printf ("%s\n%s", layer_id, id));
  _strata_inspector_header_button (group, "user-trash-symbolic", _("Remove Option"),
                                   G_CALLBACK (on_remove_option_cb), self,
                                   g_strdup_printf ("%s\n%s", layer_id, id));
  add_option_dnd (self, group, layer_id, id);
  _strata_inspector_add_fields (self, group, STRATA_SCOPE_OPTION, prefix, layer_id, mode, option);
}

void
_strata_inspector_build_layer (StrataInspector *self,
                               const char      *layer_id)
{
  JsonNode *layer = _strata_inspector_find_by_id (_strata_inspector_root_array (self, "layers"), layer_id);
  const char *name;
  g_autofree char *prefix = NULL;
  g_autofree char *description = NULL;
  JsonArray *options;
  GtkWidget *group;

  if (layer == NULL)
    {
      _strata_inspector_build_dataset (self);
      return;
    }
  name = _strata_inspector_member_string (layer, "name");
  prefix = g_strdup_printf ("layers.%s.", layer_id);
  /* Translators: %s is a layer's id */
  description = g_strdup_printf (_("Layer %s"), layer_id);
  group = _strata_inspector_group (self, name != NULL ? name : layer_id, description);
  _strata_inspector_header_button (group, "go-up-symbolic", _("Move Layer Up the Stack"),
                                   G_CALLBACK (on_layer_up_cb), self, g_strdup (layer_id));
  _strata_inspector_header_button (group, "go-down-symbolic", _("Move Layer Down the Stack"),
                                   G_CALLBACK (on_layer_down_cb), self, g_strdup (layer_id));
  _strata_inspector_header_button (group, "edit-copy-symbolic", _("Duplicate Layer"),
                                   G_CALLBACK (on_duplicate_layer_cb), self, g_strdup (layer_id));
  _strata_inspector_header_button (group, "user-trash-symbolic", _("Remove Layer"),
                                   G_CALLBACK (on_remove_layer_cb), self, g_strdup (layer_id));
  _strata_inspector_add_fields (self, group, STRATA_SCOPE_LAYER, prefix, layer_id, NULL, layer);

  options = options_of (layer);
  for (guint i = 0; options != NULL && i < json_array_get_length (options); i++)
    {
      OptionGroup *later = g_new0 (OptionGroup, 1);

      later->layer_id = g_strdup (layer_id);
      later->option = json_array_get_element (options, i);
      _strata_inspector_add_group (self, build_option, later, option_group_free);
    }

  _strata_inspector_page_button (self, _("Add _Neutral Option"), G_CALLBACK (on_add_neutral_cb),
                                 g_strdup (layer_id));
  _strata_inspector_page_button (self, _("Add _Integrated Option"), G_CALLBACK (on_add_integrated_cb),
                                 g_strdup (layer_id));
}

/* -- The dataset ----------------------------------------------------------- */

/* A horizon to start from (MODEL.md 8): ten years from this one, 8 %
 * a year, the default volume growing 20 % a year. */
static gboolean
edit_add_horizon (StrataDraft *draft, gpointer data, GError **error)
{
  StrataDataset *dataset = data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(JsonNode) first_year = json_node_init_int (json_node_alloc (), g_date_time_get_year (now));
  g_autoptr(JsonNode) years = json_node_init_int (json_node_alloc (), 10);
  g_autoptr(JsonNode) rate = json_node_init_double (json_node_alloc (), 0.08);
  g_autoptr(JsonNode) volume = json_node_init_object (json_node_alloc (), json_object_new ());

  json_object_set_double_member (json_node_get_object (volume), "first", dataset->volume_default);
  json_object_set_double_member (json_node_get_object (volume), "growth", 0.2);
  return strata_draft_set (draft, "horizon.first_year", first_year, error) &&
         strata_draft_set (draft, "horizon.years", years, error) &&
         strata_draft_set (draft, "horizon.discount_rate", rate, error) &&
         strata_draft_set (draft, "horizon.volume", volume, error);
}

static gboolean
edit_remove_horizon (StrataDraft *draft, gpointer data, GError **error)
{
  json_object_remove_member (json_node_get_object (strata_draft_get_root (draft)), "horizon");
  return TRUE;
}

static void
on_add_horizon_cb (StrataInspector *self,
                   GtkWidget       *button)
{
  _strata_inspector_apply_structure (self, _("Add Horizon"), edit_add_horizon,
                                     strata_scenario_get_dataset (self->scenario));
}

static void
on_remove_horizon_cb (StrataInspector *self,
                      GtkWidget       *button)
{
  _strata_inspector_apply_structure (self, _("Remove Horizon"), edit_remove_horizon, NULL);
}

void
_strata_inspector_build_dataset (StrataInspector *self)
{
  JsonObject *root = _strata_inspector_root (self);
  JsonNode *horizon = json_object_get_member (root, "horizon");
  GtkWidget *group;

  group = _strata_inspector_group (self, _("Dataset"), NULL);
  _strata_inspector_add_fields (self, group, STRATA_SCOPE_DATASET, "", NULL, NULL, self->tree);
  group = _strata_inspector_group (self, _("Volume per Year"), _("The range of the volume axis"));
  _strata_inspector_add_fields (self, group, STRATA_SCOPE_VOLUME, "volume.", NULL, NULL,
                                json_object_get_member (root, "volume"));

  if (horizon != NULL && JSON_NODE_HOLDS_OBJECT (horizon))
    {
      JsonNode *volume = json_object_get_member (json_node_get_object (horizon), "volume");

      group = _strata_inspector_group (self, _("Horizon"), _("The decision over years"));
      _strata_inspector_header_button (group, "user-trash-symbolic", _("Remove Horizon"),
                                       G_CALLBACK (on_remove_horizon_cb), self, NULL);
      _strata_inspector_add_fields (self, group, STRATA_SCOPE_HORIZON, "horizon.", NULL, NULL, horizon);
      if (volume != NULL && JSON_NODE_HOLDS_OBJECT (volume))
        _strata_inspector_add_fields (self, group, STRATA_SCOPE_HORIZON_VOLUME, "horizon.volume.", NULL, NULL,
                                      volume);
    }

  _strata_inspector_page_button (self, _("Add _Layer"), G_CALLBACK (on_add_layer_cb), NULL);
  if (horizon == NULL)
    _strata_inspector_page_button (self, _("Add _Horizon"), G_CALLBACK (on_add_horizon_cb), NULL);
}

/* -- Links ----------------------------------------------------------------- */

static gboolean
edit_add_link (StrataDraft *draft, gpointer data, GError **error)
{
  Target *t = data;

  return strata_draft_add_link (draft, t->layer, t->option, 0.0, error);
}

static gboolean
edit_remove_link (StrataDraft *draft, gpointer data, GError **error)
{
  return strata_draft_remove_link (draft, ((Target *) data)->position, error);
}

static void
on_add_link_cb (StrataInspector *self,
                GtkWidget       *button)
{
  JsonArray *layers = _strata_inspector_root_array (self, "layers");
  Target t = { 0 };

  if (layers == NULL || json_array_get_length (layers) < 2)
    {
      g_signal_emit_by_name (self, "problem", _("A link joins two layers; add another layer first"));
      return;
    }
  /* The two bottom layers; from and to are then picked in the rows. */
  t.layer = _strata_inspector_member_string (json_array_get_element (layers, 0), "id");
  t.option = _strata_inspector_member_string (json_array_get_element (layers, 1), "id");
  self->show_new_link = TRUE;
  _strata_inspector_apply_structure (self, _("Add Link"), edit_add_link, &t);
}

static void
on_remove_link_cb (StrataInspector *self,
                   GtkWidget       *button)
{
  Target t = { .position = atoi (_strata_inspector_target (button)) };

  _strata_inspector_apply_structure (self, _("Remove Link"), edit_remove_link, &t);
}

/* Links shown at a time: a group of three rows each. */
#define LINKS_PER_PAGE 25

static gboolean show_picked_cb (gpointer data);

/* The links page's earlier or later links, once the button's own signal
 * is over (it is on the page). */
static void
on_links_page_cb (StrataInspector *self,
                  GtkWidget       *button)
{
  if (atoi (_strata_inspector_target (button)) < 0)
    self->links_first -= MIN (self->links_first, LINKS_PER_PAGE);
  else
    self->links_first += LINKS_PER_PAGE;
  if (self->pick_source == 0)
    self->pick_source = g_idle_add_full (G_PRIORITY_DEFAULT, show_picked_cb, self, NULL);
}

gboolean
_strata_inspector_links_show_path (StrataInspector *self,
                                   const char      *path)
{
  guint first;

  if (!g_str_has_prefix (path, "links."))
    return FALSE;
  first = (guint) g_ascii_strtoull (path + strlen ("links."), NULL, 10) / LINKS_PER_PAGE * LINKS_PER_PAGE;
  if (first == self->links_first)
    return FALSE;
  self->links_first = first;
  return TRUE;
}

/* Link @data's group (its place in the links, on the page being made). */
static void
build_link (StrataInspector *self,
            gpointer         data)
{
  guint i = GPOINTER_TO_UINT (data);
  JsonNode *link = json_array_get_element (_strata_inspector_root_array (self, "links"), i);
  g_autofree char *title = g_strdup_printf ("%s → %s",
                                            _strata_inspector_member_string (link, "from"),
                                            _strata_inspector_member_string (link, "to"));
  g_autofree char *prefix = g_strdup_printf ("links.%u.", i);
  GtkWidget *group = _strata_inspector_group (self, title, NULL);

  _strata_inspector_header_button (group, "user-trash-symbolic", _("Remove Link"),
                                   G_CALLBACK (on_remove_link_cb), self, g_strdup_printf ("%u", i));
  _strata_inspector_add_fields (self, group, STRATA_SCOPE_LINK, prefix, NULL, NULL, link);
}

void
_strata_inspector_build_links (StrataInspector *self)
{
  JsonArray *links = _strata_inspector_root_array (self, "links");
  guint n_links = links != NULL ? json_array_get_length (links) : 0;
  guint last_first = n_links > 0 ? (n_links - 1) / LINKS_PER_PAGE * LINKS_PER_PAGE : 0;
  guint first, end;

  if (self->show_new_link)
    self->links_first = last_first;
  self->show_new_link = FALSE;
  first = self->links_first = MIN (self->links_first, last_first);
  end = MIN (first + LINKS_PER_PAGE, n_links);

  if (n_links == 0)
    _strata_inspector_group (self, _("Co-design Links"),
                             _("A link lowers a layer's variable cost when both layers run integrated options."));
  else if (n_links > LINKS_PER_PAGE)
    {
      /* Translators: the links page shows links %u to %u of %u */
      g_autofree char *title = g_strdup_printf (_("Links %u\xE2\x80\x93%u of %u"), first + 1, end, n_links);
      GtkWidget *group = _strata_inspector_group (self, title, NULL);

      gtk_widget_set_sensitive (_strata_inspector_header_button (group, "go-previous-symbolic",
                                                                 _("Earlier Links"),
                                                                 G_CALLBACK (on_links_page_cb), self,
                                                                 g_strdup ("-1")),
                                first > 0);
      gtk_widget_set_sensitive (_strata_inspector_header_button (group, "go-next-symbolic",
                                                                 _("Later Links"),
                                                                 G_CALLBACK (on_links_page_cb), self,
                                                                 g_strdup ("1")),
                                end < n_links);
    }
  /* Each link's group is made with the rows, a few a frame: 25 groups at
   * once blocked the window about 20 ms more (issue 15). */
  for (guint i = first; i < end; i++)
    _strata_inspector_add_group (self, build_link, GUINT_TO_POINTER (i), NULL);
  _strata_inspector_page_button (self, _("Add _Link"), G_CALLBACK (on_add_link_cb), NULL);
}

/* -- Strategies ------------------------------------------------------------ */

typedef struct
{
  const char  *name;
  GStrv        layers;
  GStrv        options;
} NewStrategy;

static gboolean
edit_add_strategy (StrataDraft *draft, gpointer data, GError **error)
{
  NewStrategy *s = data;
  g_autofree char *id = strata_draft_unique_id (draft, STRATA_DRAFT_STRATEGY, NULL, "my-strategy");

  return strata_draft_add_strategy (draft, id, s->name, (const char * const *) s->layers,
                                    (const char * const *) s->options, error);
}

static gboolean
edit_remove_strategy (StrataDraft *draft, gpointer data, GError **error)
{
  return strata_draft_remove_strategy (draft, ((Target *) data)->layer, error);
}

/* The choices on screen, Custom or not, as a strategy of the dataset. */
static void
on_save_strategy_cb (StrataInspector *self,
                     GtkWidget       *button)
{
  StrataDataset *dataset = strata_scenario_get_dataset (self->scenario);
  const guint *choices = strata_scenario_get_choices (self->scenario);
  JsonArray *own = _strata_inspector_root_array (self, "strategies");
  g_autoptr(GStrvBuilder) layers = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) options = g_strv_builder_new ();
  g_auto(GStrv) layer_ids = NULL;
  g_auto(GStrv) option_ids = NULL;
  g_autofree char *name = NULL;
  NewStrategy s = { 0 };

  for (guint i = 0; i < dataset->n_layers; i++)
    {
      g_strv_builder_add (layers, dataset->layers[i].id);
      g_strv_builder_add (options, dataset->layers[i].options[choices[i]].id);
    }
  layer_ids = g_strv_builder_end (layers);
  option_ids = g_strv_builder_end (options);
  /* Translators: the name of a strategy saved from the current choices */
  name = g_strdup_printf (_("My strategy %u"), (own != NULL ? json_array_get_length (own) : 0) + 1);
  s = (NewStrategy) { .name = name, .layers = layer_ids, .options = option_ids };
  /* The page then shows the new strategy (the last one). */
  self->show_new_strategy = TRUE;
  if (!_strata_inspector_apply_structure (self, _("Save Choices as Strategy"), edit_add_strategy, &s))
    self->show_new_strategy = FALSE;
}

static void
on_remove_strategy_cb (StrataInspector *self,
                       GtkWidget       *button)
{
  apply_to_target (self, button, _("Remove Strategy"), edit_remove_strategy, NULL);
}

static gboolean
show_picked_cb (gpointer data)
{
  StrataInspector *self = data;

  self->pick_source = 0;
  _strata_inspector_rebuild (self);
  return G_SOURCE_REMOVE;
}

/* The page is rebuilt once the drop-down's own signal is over (it is on
 * the page). */
static void
on_strategy_picked_cb (StrataInspector *self,
                       GParamSpec      *pspec,
                       GtkDropDown     *picker)
{
  JsonArray *strategies = _strata_inspector_root_array (self, "strategies");
  guint selected = gtk_drop_down_get_selected (picker);
  const char *id;

  if (self->rebuilding || strategies == NULL || selected >= json_array_get_length (strategies))
    return;
  id = _strata_inspector_member_string (json_array_get_element (strategies, selected), "id");
  if (g_strcmp0 (id, self->strategy) == 0)
    return;
  g_free (self->strategy);
  self->strategy = g_strdup (id);
  if (self->pick_source == 0)
    self->pick_source = g_idle_add_full (G_PRIORITY_DEFAULT, show_picked_cb, self, NULL);
}

void
_strata_inspector_build_strategies (StrataInspector *self)
{
  JsonArray *strategies = _strata_inspector_root_array (self, "strategies");
  JsonArray *layers = _strata_inspector_root_array (self, "layers");
  guint n = strategies != NULL ? json_array_get_length (strategies) : 0;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = _strata_ellipsizing_factory_new ();
  GtkWidget *picker;
  JsonNode *strategy = NULL;
  JsonNode *choices;
  guint shown = 0;
  const char *id;
  const char *name;
  g_autofree char *prefix = NULL;
  GtkWidget *group;

  _strata_inspector_page_button (self, _("_Save Current Choices as Strategy"),
                                 G_CALLBACK (on_save_strategy_cb), NULL);
  if (n == 0)
    return;

  /* The one just saved, else the one picked (renamed with it), else the
   * first. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (strategies, i);
      const char *node_id = _strata_inspector_member_string (node, "id");
      const char *node_name = _strata_inspector_member_string (node, "name");

      gtk_string_list_append (names, node_name != NULL ? node_name : node_id);
      if (g_strcmp0 (node_id, self->strategy) == 0)
        shown = i;
    }
  if (self->show_new_strategy)
    shown = n - 1;
  self->show_new_strategy = FALSE;
  strategy = json_array_get_element (strategies, shown);
  id = _strata_inspector_member_string (strategy, "id");
  name = _strata_inspector_member_string (strategy, "name");
  g_free (self->strategy);
  self->strategy = g_strdup (id);

  /* A list model: 1024 strategies cost the rows of its popup on screen. */
  /* The factory before the model: its list makes its rows once. */
  picker = gtk_drop_down_new (NULL, NULL);
  gtk_drop_down_set_factory (GTK_DROP_DOWN (picker), factory);
  gtk_drop_down_set_model (GTK_DROP_DOWN (picker), G_LIST_MODEL (names));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (picker), shown);
  gtk_widget_set_tooltip_text (picker, _("The strategy to edit"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (picker), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Strategy to edit"), -1);
  g_signal_connect_swapped (picker, "notify::selected", G_CALLBACK (on_strategy_picked_cb), self);
  gtk_box_append (self->page, picker);

  prefix = g_strdup_printf ("strategies.%s.", id);
  choices = json_object_get_member (json_node_get_object (strategy), "choices");
  if (choices != NULL && !JSON_NODE_HOLDS_OBJECT (choices))
    choices = NULL;
  group = _strata_inspector_group (self, name != NULL ? name : id, NULL);
  _strata_inspector_header_button (group, "user-trash-symbolic", _("Remove Strategy"),
                                   G_CALLBACK (on_remove_strategy_cb), self, g_strdup (id));
  _strata_inspector_add_fields (self, group, STRATA_SCOPE_STRATEGY, prefix, NULL, NULL, strategy);
  for (guint l = 0; layers != NULL && l < json_array_get_length (layers); l++)
    {
      const char *layer_id = _strata_inspector_member_string (json_array_get_element (layers, l), "id");
      g_autofree char *choice = g_strdup_printf ("strategies.%s.choices.%s.", id, layer_id);

      _strata_inspector_add_fields (self, group, STRATA_SCOPE_CHOICE, choice, layer_id, NULL, choices);
    }
}

/* -- Sources --------------------------------------------------------------- */

static gboolean
edit_add_source (StrataDraft *draft, gpointer data, GError **error)
{
  g_autofree char *id = strata_draft_unique_id (draft, STRATA_DRAFT_SOURCE, NULL, "source");

  return strata_draft_add_source (draft, id, _("Where a figure came from"), NULL, error);
}

static gboolean
edit_remove_source (StrataDraft *draft, gpointer data, GError **error)
{
  return strata_draft_remove_source (draft, ((Target *) data)->layer, error);
}

static void
on_add_source_cb (StrataInspector *self,
                  GtkWidget       *button)
{
  _strata_inspector_apply_structure (self, _("Add Source"), edit_add_source, NULL);
}

static void
on_remove_source_cb (StrataInspector *self,
                     GtkWidget       *button)
{
  apply_to_target (self, button, _("Remove Source"), edit_remove_source, NULL);
}

void
_strata_inspector_build_sources (StrataInspector *self)
{
  JsonArray *sources = _strata_inspector_root_array (self, "sources");

  for (guint i = 0; sources != NULL && i < json_array_get_length (sources); i++)
    {
      JsonNode *source = json_array_get_element (sources, i);
      const char *id = _strata_inspector_member_string (source, "id");
      const char *url = _strata_inspector_member_string (source, "url");
      g_autofree char *prefix = g_strdup_printf ("sources.%s.", id);
      GtkWidget *group = _strata_inspector_group (self, id, NULL);

      _strata_inspector_header_button (group, "user-trash-symbolic", _("Remove Source"),
                                       G_CALLBACK (on_remove_source_cb), self, g_strdup (id));
      if (url != NULL && *url != '\0')
        {
          /* Opened through the portal inside Flatpak. */
          GtkWidget *link = gtk_link_button_new_with_label (url, _("Open"));

          gtk_widget_set_tooltip_text (link, url);
          gtk_box_prepend (GTK_BOX (adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (group))),
                           link);
        }
      _strata_inspector_add_fields (self, group, STRATA_SCOPE_SOURCE, prefix, NULL, NULL, source);
    }
  _strata_inspector_page_button (self, _("Add _Source"), G_CALLBACK (on_add_source_cb), NULL);
}
