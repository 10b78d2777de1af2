"""Staff pages (check-in desk, badges, dashboard) and the delegates' private agendas, one
module per page group; `access` holds who may open the staff pages."""
