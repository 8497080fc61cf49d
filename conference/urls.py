app_name = "conference"

urlpatterns = []
