from django.urls import path

from funding.views import importing, national, office

app_name = "funding"

# The public national view lives under /funding/; a body's finance pages under /manage/funding/.
urlpatterns = [
    path("funding/", national.national_index, name="national-index"),
    path("funding/<slug:stream>/<str:year>/", national.national, name="national"),
    path(
        "funding/<slug:stream>/<str:year>/allocations.csv",
        national.national_csv,
        name="national-csv",
    ),
    path(
        "funding/<slug:stream>/<str:year>/allocations.xlsx",
        national.national_xlsx,
        name="national-xlsx",
    ),
    path("manage/funding/", office.finance, name="finance"),
    path("manage/funding/allocations/add/", office.allocation_add, name="allocation-add"),
    path(
        "manage/funding/allocations/<int:pk>/change/",
        office.allocation_edit,
        name="allocation-edit",
    ),
    path("manage/funding/history/", office.history, name="history"),
    path("manage/funding/import/", importing.import_start, name="import"),
    path("manage/funding/import/check/", importing.import_preview, name="import-preview"),
]
