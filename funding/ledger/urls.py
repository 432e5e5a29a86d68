from django.urls import path

from funding.ledger import views
from funding.yearend import views as yearend

app_name = "budgets"

# A body's budgets and ledger, under /manage/budgets/.
urlpatterns = [
    path("manage/budgets/", views.budget_index, name="index"),
    path("manage/budgets/new/", views.budget_create, name="create"),
    path("manage/budgets/settings/", views.funding_settings, name="settings"),
    path("manage/budgets/<str:year>/", views.budget_year, name="year"),
    path("manage/budgets/<str:year>/budgets.csv", views.year_csv, name="year-csv"),
    path("manage/budgets/<str:year>/budgets.xlsx", views.year_xlsx, name="year-xlsx"),
    path("manage/budgets/<str:year>/ledger.csv", views.year_ledger_csv, name="year-ledger-csv"),
    path("manage/budgets/<str:year>/publish/", views.budgets_publish, name="publish"),
    path("manage/budgets/<str:year>/year-end/", yearend.year_end, name="year-end"),
    path("manage/budgets/<str:year>/closed/", yearend.year_closed, name="year-closed"),
    path("manage/budgets/<str:year>/closed/sweep/", yearend.sweep, name="year-sweep"),
    path("manage/budgets/<str:year>/adjustment/", yearend.adjustment, name="year-adjustment"),
    path("manage/budget/<int:pk>/", views.budget_detail, name="detail"),
    path(
        "manage/budget/<int:pk>/carry-forward-agreement/",
        yearend.agreement,
        name="carry-forward-agreement",
    ),
    path("manage/budget/<int:pk>/ledger.csv", views.ledger_csv, name="ledger-csv"),
    path("manage/budget/<int:pk>/ledger.xlsx", views.ledger_xlsx, name="ledger-xlsx"),
    path("manage/budget/<int:pk>/funding/", views.funding_line, name="funding-line"),
    path(
        "manage/budget/<int:pk>/contributions/add/", views.contribution_add, name="contribution-add"
    ),
    path(
        "manage/budget/<int:pk>/contributions/<int:contribution_pk>/received/",
        views.contribution_receive,
        name="contribution-receive",
    ),
    path(
        "manage/budget/<int:pk>/commitments/add/", views.commitment_record, name="commitment-record"
    ),
    path(
        "manage/budget/<int:pk>/commitments/<int:line_pk>/payment/",
        views.payment_record,
        name="payment-record",
    ),
    path("manage/budget/<int:pk>/virement/", views.virement_request, name="virement-request"),
    path("manage/virements/<int:pk>/", views.virement_decide, name="virement-decide"),
]
