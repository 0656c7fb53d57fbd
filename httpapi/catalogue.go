package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/shafaf-city/shafaf/domain"
	"github.com/shafaf-city/shafaf/domain/catalogue"
)

// catalogueOf is the version ?version= names, else the current one.
func catalogueOf(c *gin.Context) (*catalogue.Catalogue, error) {
	v := c.Query("version")
	if v == "" {
		return catalogue.Default(), nil
	}
	cat, ok := catalogue.ByVersion(v)
	if !ok {
		return nil, domain.NotFound("no catalogue version " + v)
	}
	return cat, nil
}

func (s *Server) listCatalogue(c *gin.Context) {
	cat, err := catalogueOf(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	JSON(c, http.StatusOK, gin.H{"version": cat.Version(), "published": cat.Published(), "services": cat.Services()})
}

func (s *Server) getCatalogueService(c *gin.Context) {
	cat, err := catalogueOf(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	svc, ok := cat.Service(c.Param("key"))
	if !ok {
		s.writeError(c, domain.NotFound("no service "+c.Param("key")+" in catalogue "+cat.Version()))
		return
	}
	JSON(c, http.StatusOK, gin.H{"version": cat.Version(), "service": svc})
}
