ech	 editing works
cat /etc/hos		
ls -d /va	
ls /v		
history
