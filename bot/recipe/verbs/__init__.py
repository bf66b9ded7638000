"""The built-in verbs, one module per family (each module's docstring names its verbs); importing this
package registers them (bot/recipe/registry.py), in the order a recipe is read: moving about, dragging, setting
fields, waiting, reading, running other steps, asking a person, filling a group, submitting.
"""

# ruff: noqa: I001  the order of these imports is the order of the verbs (the schema's, the loader's messages')
from bot.recipe.verbs import navigation as navigation
from bot.recipe.verbs import pointer as pointer
from bot.recipe.verbs import waits as waits
from bot.recipe.verbs import input as input
from bot.recipe.verbs import reading as reading
from bot.recipe.verbs import flow as flow
from bot.recipe.verbs import handoff as handoff
from bot.recipe.verbs import fill_form as fill_form
from bot.recipe.verbs import submit as submit
