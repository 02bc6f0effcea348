"""What vulture cannot see used in macros/, each with the reason (tests/test_layout.py runs
``vulture macros tests/vulture_allowlist.py``). Anything else it reports is dead code.

Regenerate the lists with ``vulture macros --make-whitelist`` and keep the reasons.
"""
# ruff: noqa
# fmt: off

# Called by mkdocs-macros by name (module_name: macros in mkdocs.yml).
define_env  # unused function (macros/__init__.py:63)
on_post_page_macros  # unused function (macros/__init__.py:79)
on_pre_page_macros  # unused function (macros/__init__.py:86)

# Called by MkDocs by name (hooks: in mkdocs.yml); the unused names are MkDocs' arguments.
on_startup  # unused function (macros/assemble/hooks.py:24)
on_config  # unused function (macros/assemble/hooks.py:28)
on_pre_build  # unused function (macros/assemble/hooks.py)
on_env  # unused function (macros/assemble/hooks.py:32)
on_files  # unused function (macros/assemble/hooks.py:36)
on_page_markdown  # unused function (macros/assemble/hooks.py:49)
on_page_content  # unused function (macros/assemble/hooks.py:44)
on_post_page  # unused function (macros/assemble/hooks.py:48)
on_post_template  # unused function (macros/assemble/hooks.py:52)
on_post_build  # unused function (macros/assemble/hooks.py:56)
on_build_error  # unused function (macros/assemble/hooks.py:60)
on_serve  # unused function (macros/assemble/hooks.py:64)
builder  # unused variable (macros/assemble/hooks.py:64): MkDocs passes it by name

# MkDocs' nav config, set in on_files from data/navigation.yml; MkDocs reads it (get_navigation).
_.nav  # unused attribute (macros/assemble/builder.py:128)

# Used by tests/test_phone.py: a built page's numbers are all links already.
phone_links  # unused function (macros/assemble/html_fixes.py)

# Set for watchdog's observer thread (mkdocs serve), read by threading.
_.daemon  # unused attribute (macros/assemble/builder.py:167)

# MkDocs' dev server calls it to add the live reload to each page (assemble/served.py).
_._inject_js_into_html  # unused attribute (macros/assemble/served.py)
# Read by MkDocs' dev server: the quiet time after a change before it rebuilds (SETTLE_S).
_.build_delay  # unused attribute (macros/assemble/served.py)
# Read by Material's table of contents template, as MkDocs' get_toc sets it (assemble/preview.py).
_.active  # unused attribute (macros/assemble/preview.py)

# Jinja's BytecodeCache interface, called by Jinja.
_.bytecode_cache  # unused attribute (macros/core/cache.py)
_.get_cache_key  # unused method (macros/core/cache.py)
_.load_bytecode  # unused method (macros/core/cache.py)
_.dump_bytecode  # unused method (macros/core/cache.py)

# Jinja's sandbox interface (pages/templating.py), called by Jinja.
intercepted_binops  # unused variable
_.is_safe_attribute  # unused method

# html.parser.HTMLParser's callbacks (core/safe_html.py), called by the parser.
handle_startendtag  # unused variable
_.handle_decl  # unused method
_.handle_pi  # unused method
_.unknown_decl  # unused method

# The front matter model (data/page_models.py): fields MkDocs and Material read from page.meta,
# and pydantic's validators.
exclude  # unused variable
alternate  # unused variable
hide  # unused variable
render_macros  # unused variable
_._plain  # unused method
_._site_path  # unused method

# Model fields read by the templates in overrides/ (tests/test_layout.py shows each field
# name is used there or in code), and pydantic's own model_config.
model_config  # unused variable (macros/data/models.py:48)
checked  # unused variable (macros/data/models.py:118)
easy  # unused variable (macros/data/models.py:162)
staff  # unused variable (macros/data/models.py:165)
checked  # unused variable (macros/data/models.py:181)
instructions  # unused variable (macros/data/models.py:192)
requirements  # unused variable (macros/data/models.py:193)
charge_description  # unused variable (macros/data/models.py:197)
appeal  # unused variable (macros/data/models.py:198)
tagline  # unused variable (macros/data/models.py:221)
instructions  # unused variable (macros/data/models.py:231)
requirements  # unused variable (macros/data/models.py:232)
charge_description  # unused variable (macros/data/models.py:240)
appeal  # unused variable (macros/data/models.py:242)
owner  # unused variable (macros/data/models.py:260)
se  # unused variable (macros/data/models.py:269)
smn  # unused variable (macros/data/models.py:271)
sms  # unused variable (macros/data/models.py:273)
action  # unused variable (macros/data/process_models.py:75)
purpose  # unused variable (macros/data/process_models.py:89)
concerns  # unused variable (macros/data/process_models.py:90)
owner  # unused variable (macros/data/process_models.py:93)
task  # unused variable (macros/data/process_models.py:113)
first_step  # unused variable (macros/data/resident_models.py:17)
urgent  # unused variable (macros/data/resident_models.py:26)
first_step  # unused variable (macros/data/resident_models.py:27)
checked  # unused variable (macros/data/resident_models.py:49)
sami_homeland  # unused variable (macros/data/resident_models.py:58)
service_area  # unused variable (macros/data/resident_models.py:61)
why  # unused variable (macros/data/resident_models.py:75)
wcag  # unused variable (macros/data/resident_models.py:76)
en_what  # unused variable (macros/data/resident_models.py:77)
en_why  # unused variable (macros/data/resident_models.py:78)
en_what  # unused variable (macros/data/resident_models.py:86)
wcag  # unused variable (macros/data/resident_models.py:87)
assessed_on  # unused variable (macros/data/resident_models.py:94)
method  # unused variable (macros/data/resident_models.py:95)
assessment  # unused variable (macros/data/resident_models.py:96)
assessment_en  # unused variable (macros/data/resident_models.py:97)
gaps  # unused variable (macros/data/resident_models.py:98)
browser_checks  # unused variable (macros/data/resident_models.py:99)
feedback  # unused variable (macros/data/resident_models.py:101)
feedback_en  # unused variable (macros/data/resident_models.py:102)
response_days  # unused variable (macros/data/resident_models.py:103)
supervisor  # unused variable (macros/data/resident_models.py:104)
supervisor_url  # unused variable (macros/data/resident_models.py:105)
published_on  # unused variable (macros/data/resident_models.py:106)

# A snapshot's section hash: written and compared as JSON by macros/sync/finlex.py; the model
# only checks its shape.
hash  # unused variable (macros/data/registry_models.py:179)

# The syncs' HTTP client (macros/sync/http.py): urllib3 calls a connection's _new_conn, reads a
# pool manager's pool_classes_by_scheme, and requests reads a session's trust_env.
_new_conn  # unused method (macros/sync/http.py)
pool_classes_by_scheme  # unused attribute (macros/sync/http.py)
trust_env  # unused attribute (macros/sync/http.py)
