"""Monitoring returns' addresses, included in grants/urls.py: the provider's under
/grants/mine/returns/, the office's under /grants/returns/ and each grant's returns."""

from django.urls import path

from grants.returns import views

urlpatterns = [
    path("grants/mine/returns/", views.returns_mine, name="returns-mine"),
    path("grants/mine/returns/<int:pk>/", views.return_edit, name="return-edit"),
    path("grants/mine/<int:pk>/returns/", views.my_award_returns, name="my-grant-returns"),
    path("grants/returns/", views.returns_office, name="returns"),
    path("grants/returns/<int:pk>/", views.return_review, name="return-review"),
    path("grants/<int:pk>/returns/", views.award_returns, name="award-returns"),
    path("grants/<int:pk>/returns/terms/", views.award_return_terms, name="award-return-terms"),
]
