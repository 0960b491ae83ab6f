"""Non-page URLs of the applications app: delivery of private files through signed links."""

from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("files/<str:token>/", views.private_file, name="file"),
]
