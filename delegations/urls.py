app_name = "delegations"

# Staff pages (check-in desk, badges, dashboard) and private agendas: issue 5.
urlpatterns: list = []
