module example.com/drivermod

go 1.26
